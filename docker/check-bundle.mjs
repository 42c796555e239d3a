#!/usr/bin/env node
// Starts a bundle the way its image does, with only the bundle's own files:
// the bundle is copied to a fresh directory outside the repository (so no
// workspace node_modules can be found walking up), then its bin is run with
// an environment that names no module paths. Exit code 0 and the expected
// first line of output, or this script fails naming the bundle.
//
// usage: node docker/check-bundle.mjs BUNDLE_DIR EXPECT_REGEX -- BIN [ARGS...]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename } from 'node:path';

const [bundleArg, expectArg, sep, bin, ...args] = process.argv.slice(2);
if (!bundleArg || !expectArg || sep !== '--' || !bin) {
  console.error('usage: check-bundle.mjs BUNDLE_DIR EXPECT_REGEX -- BIN [ARGS...]');
  process.exit(2);
}
const bundle = resolve(bundleArg);
if (!existsSync(join(bundle, 'package.json'))) {
  console.error(`check-bundle: ${bundle}: no bundle here (run \`pnpm bundles\` first)`);
  process.exit(1);
}
// Only what `files` lists (plus package.json, README and node_modules) may be in a bundle.
const allowed = new Set(['package.json', 'README.md', 'node_modules', 'bin', 'dist', 'testdata', 'ui']);
const extra = readdirSync(bundle).filter((f) => !allowed.has(f));
if (extra.length) {
  console.error(`check-bundle: ${basename(bundle)}: carries files outside its package.json \`files\`: ${extra.join(', ')}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), `bundle-${basename(bundle)}-`));
try {
  cpSync(bundle, join(dir, 'app'), { recursive: true, verbatimSymlinks: true });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const r = spawnSync(process.execPath, [join(dir, 'app', bin), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  const out = `${r.stdout ?? ''}`;
  const firstLine = out.split('\n')[0];
  if (r.status !== 0 || !new RegExp(expectArg).test(firstLine)) {
    console.error(`check-bundle: ${basename(bundle)}: \`${bin} ${args.join(' ')}\` exited ${r.status ?? r.signal}; expected first line /${expectArg}/, got:\n${out}${r.stderr ?? ''}`);
    process.exit(1);
  }
  console.log(`check-bundle: ${basename(bundle)}: ${bin} ${args.join(' ')} -> ${firstLine}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
