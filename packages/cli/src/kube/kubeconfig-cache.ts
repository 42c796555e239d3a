/**
 * Parsed kubeconfigs cached as JSON, keyed by path, size and mtime: loading
 * the YAML parser is the largest part of `argo list`'s cold start, and the
 * kubeconfig rarely changes between commands. The cache lives in a per-user
 * directory under the system temp dir; any problem with it falls back to
 * parsing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

interface Stamp { path: string; size: number; mtimeMs: number }

function stamps(paths: string[]): Stamp[] | undefined {
  try {
    return paths.map((p) => {
      const s = statSync(p);
      return { path: p, size: s.size, mtimeMs: s.mtimeMs };
    });
  } catch {
    return undefined;
  }
}

function cacheFile(paths: string[]): string {
  let user = 'user';
  try { user = String(userInfo().uid); } catch { /* no passwd entry: shared name is fine */ }
  const key = createHash('sha256').update(paths.join('\0')).digest('hex').slice(0, 16);
  return join(tmpdir(), `argo-ts-${user}`, `kubeconfig-${key}.json`);
}

export function readCached<T>(paths: string[]): T | undefined {
  const now = stamps(paths);
  if (!now) return undefined;
  try {
    const cached = JSON.parse(readFileSync(cacheFile(paths), 'utf8')) as { stamps: Stamp[]; value: T };
    return JSON.stringify(cached.stamps) === JSON.stringify(now) ? cached.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCached(paths: string[], value: unknown): void {
  const now = stamps(paths);
  if (!now) return;
  try {
    const file = cacheFile(paths);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    // Credentials may be inside: owner-only, written atomically.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stamps: now, value }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* caching is an optimisation only */
  }
}
