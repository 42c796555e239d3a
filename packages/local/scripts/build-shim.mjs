#!/usr/bin/env node
// Part of `build`: ships the C shim's source in dist (the package's files are
// dist only) and, where a C compiler answers, the shim compiled beside it, so
// that every cluster started from this build finds it without compiling.
// Without a compiler the kubelet compiles per state dir, or uses the Node shim.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/sandbox/shim-c/shim.c');
const outDir = join(root, 'dist/sandbox/shim-c');
mkdirSync(outDir, { recursive: true });
copyFileSync(source, join(outDir, 'shim.c'));
const name = `argo-ts-shim-${createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12)}`;
for (const f of readdirSync(outDir)) if (f.startsWith('argo-ts-shim-') && f !== name) rmSync(join(outDir, f), { force: true });
const tmp = join(outDir, `${name}.tmp`);
let built = false;
for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
  try {
    execFileSync(cc, ['-O2', '-o', tmp, source], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    renameSync(tmp, join(outDir, name));
    built = true;
    break;
  } catch {
    rmSync(tmp, { force: true });
  }
}
if (!built) console.log('build-shim: no C compiler answered; the kubelet will compile the shim per state dir or use the Node shim');
