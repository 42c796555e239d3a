/**
 * The C shim (shim-c/shim.c), compiled by `build` (scripts/build-shim.mjs) or
 * else once per state dir with the host's C compiler: a Node shim costs a Node start-up per container (measured in
 * docs/decisions/0024-container-shims.md), this one about a fork. Without a
 * compiler, containers run under the Node shim (shim.ts), which behaves alike.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root, from src/sandbox (tests) and dist/sandbox (built) alike. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The source in a checkout (src) or an installed package (dist, copied by scripts/build-shim.mjs). */
const SOURCES = ['src/sandbox/shim-c/shim.c', 'dist/sandbox/shim-c/shim.c'].map((p) => join(ROOT, p));
/** Where `build` leaves the compiled shim, when the build machine had a compiler. */
const PREBUILT_DIR = join(ROOT, 'dist/sandbox/shim-c');

/**
 * Path of the compiled shim: the one `build` left for this source, else one
 * under `binDir`, compiled when its source changed; undefined (with `why`)
 * when it cannot be built here.
 */
export function compiledShim(binDir: string, opts: { prebuilt?: boolean } = {}): { path?: string; why?: string } {
  const SOURCE = SOURCES.find((p) => existsSync(p));
  let source: Buffer;
  try {
    if (!SOURCE) throw new Error(`none of ${SOURCES.join(', ')}`);
    source = readFileSync(SOURCE);
  } catch (e) {
    return { why: `shim source not found (${(e as Error).message})` };
  }
  const name = `argo-ts-shim-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
  if (opts.prebuilt !== false && existsSync(join(PREBUILT_DIR, name))) return { path: join(PREBUILT_DIR, name) };
  const path = join(binDir, name);
  if (existsSync(path)) return { path };
  mkdirSync(binDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter((c): c is string => Boolean(c))) {
    try {
      execFileSync(cc, ['-O2', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      renameSync(tmp, path);
      return { path };
    } catch {
      rmSync(tmp, { force: true });
    }
  }
  return { why: 'no C compiler (cc, gcc, clang) could build it' };
}
