#!/usr/bin/env node
// `pnpm bench`: runs every benchmark in turn (each prints its table and
// writes bench/results/<name>.json). Pass names to run a subset:
// `pnpm bench -- lint cli`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['lint', 'schema', 'cli', 'scheduling', 'local-api', 'local-pods', 'artifacts', 'server-events'];
const wanted = process.argv.slice(2).filter((a) => a !== '--');
const names = wanted.length > 0 ? wanted : ALL;
let failed = 0;
for (const name of names) {
  if (!ALL.includes(name)) { console.error(`unknown benchmark "${name}" (known: ${ALL.join(', ')})`); process.exit(2); }
  console.log(`\n== bench/${name} ==`);
  const r = spawnSync(process.execPath, [path.join(here, name, 'run.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`bench/${name} exited ${r.status}`); }
}
process.exit(failed === 0 ? 0 : 1);
