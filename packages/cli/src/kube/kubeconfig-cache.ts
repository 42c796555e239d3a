/**
 * Parsed kubeconfigs cached as JSON, keyed by path, size and mtime: loading
 * the YAML parser is the largest part of `argo list`'s cold start, and the
 * kubeconfig rarely changes between commands. The cache lives in a per-user
 * directory under the system temp dir; any problem with it falls back to
 * parsing.
 */
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

/**
 * FNV-1a (64-bit) of the path list: node:crypto would cost ~3 ms to load, and
 * a collision is harmless because the stamps inside name the paths again.
 */
function pathsKey(paths: string[]): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(paths.join('\0'))) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

function cacheFile(paths: string[]): string {
  let user = 'user';
  try { user = String(userInfo().uid); } catch { /* no passwd entry: shared name is fine */ }
  return join(tmpdir(), `argo-ts-${user}`, `kubeconfig-${pathsKey(paths)}.json`);
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
