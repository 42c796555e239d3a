/** Records the commit and build time next to the compiled CLI (`dist/build-info.json`), for `argo version`. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

// An image build has no .git (the .dockerignore keeps it out): the Dockerfile
// passes the source commit and tree state in as build arguments instead.
const fromEnv = (name: string): string | undefined => process.env[name]?.trim() || undefined;
const info = {
  buildDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  gitCommit: fromEnv('ARGO_TS_GIT_COMMIT') ?? git(['rev-parse', 'HEAD']) ?? 'unknown',
  gitTreeState: fromEnv('ARGO_TS_GIT_TREE_STATE') ?? (git(['status', '--porcelain', '--', '.']) === '' ? 'clean' : 'dirty'),
};
writeFileSync(fileURLToPath(new URL('../build-info.json', import.meta.url)), `${JSON.stringify(info, null, 2)}\n`);
