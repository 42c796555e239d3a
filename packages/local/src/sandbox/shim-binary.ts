/**
 * The C shim (shim-c/shim.c), compiled once per state dir with the host's C
 * compiler: a Node shim costs a Node start-up per container (measured in
 * docs/decisions/0024-container-shims.md), this one about a fork. Without a
 * compiler, containers run under the Node shim (shim.ts), which behaves alike.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** From src/sandbox (tests) and dist/sandbox (built) alike. */
const SOURCE = fileURLToPath(new URL('../../src/sandbox/shim-c/shim.c', import.meta.url));

/**
 * Path of the compiled shim under `binDir`, compiling it when its source
 * changed; undefined (with `why`) when it cannot be built here.
 */
export function compiledShim(binDir: string): { path?: string; why?: string } {
  let source: Buffer;
  try {
    source = readFileSync(SOURCE);
  } catch (e) {
    return { why: `shim source not found (${(e as Error).message})` };
  }
  const path = join(binDir, `argo-ts-shim-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`);
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
