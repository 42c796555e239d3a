/**
 * An invalid workflow given to `argo submit`: exit 1, the lint's exact line
 * on stderr, and nothing created in the cluster. One case: that every
 * fixture yields its exact message is spec's lint test (lint/invalid.test.ts),
 * which runs the same lint in-process instead of ~60 CLI processes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resources } from '../kube/resources.js';
import { Harness } from './harness.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'spec', 'src', 'lint', 'testdata', 'invalid');
const rows = readFileSync(join(FIXTURES, 'expected.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.trim())
  .map((l) => { const [file, expected] = l.split('\t'); return { file: file!, expected: expected! }; });

const h = new Harness();
beforeAll(() => h.start(), 30_000);
afterAll(() => h.stop());

it('refuses an invalid workflow with its lint line and creates nothing', async () => {
  // A file holding one Workflow (and no other kind): its refusal is the lint's own line.
  const kinds = (file: string) => [...readFileSync(join(FIXTURES, file), 'utf8').matchAll(/^kind:\s*(\w+)/gm)].map((m) => m[1]);
  const row = rows.find((r) => kinds(r.file).join() === 'Workflow');
  expect(row).toBeDefined();
  const r = await h.run(['submit', join(FIXTURES, row!.file)]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${FIXTURES}/${row!.expected}`);
  expect(r.stderr).toContain('nothing was submitted');
  expect(await h.api.list(Resources.workflow, { namespace: 'default' })).toEqual([]);
}, 60_000);
