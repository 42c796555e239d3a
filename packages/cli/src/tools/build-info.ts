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

const info = {
  buildDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  gitCommit: git(['rev-parse', 'HEAD']) ?? 'unknown',
  gitTreeState: git(['status', '--porcelain', '--', '.']) === '' ? 'clean' : 'dirty',
};
writeFileSync(fileURLToPath(new URL('../build-info.json', import.meta.url)), `${JSON.stringify(info, null, 2)}\n`);
