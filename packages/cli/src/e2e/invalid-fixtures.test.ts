/**
 * Every invalid object of the lint's fixtures, given to the verb that creates
 * its kind (`argo submit` for Workflows, `argo template create`, `argo
 * cluster-template create`, `argo cron create`): exit 1, the lint's exact line
 * on stderr, and nothing created in the cluster.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resources } from '../kube/resources.js';
import { Harness } from './harness.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'spec', 'src', 'lint', 'testdata', 'invalid');
const rows = readFileSync(join(FIXTURES, 'expected.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.trim())
  .map((l) => { const [file, expected] = l.split('\t'); return { file: file!, expected: expected! }; });

const VERBS: Record<string, string[]> = {
  Workflow: ['submit'],
  WorkflowTemplate: ['template', 'create'],
  ClusterWorkflowTemplate: ['cluster-template', 'create'],
  CronWorkflow: ['cron', 'create'],
};

const h = new Harness();
beforeAll(() => h.start(), 30_000);
afterAll(() => h.stop());

it(`has the lint's invalid fixtures to submit (${rows.length})`, () => {
  expect(rows.length).toBeGreaterThanOrEqual(30);
});

it('refuses each invalid fixture with its lint line and creates nothing', async () => {
  const failures: string[] = [];
  const queue = [...rows];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const path = join(FIXTURES, row.file);
      const kinds = new Set([...readFileSync(path, 'utf8').matchAll(/^kind:\s*(\w+)/gm)].map((m) => m[1]!));
      const kind = [...kinds][0] ?? 'Workflow';
      const r = await h.run([...(VERBS[kind] ?? VERBS.Workflow!), path]);
      // One kind per file: the lint's own line. A file mixing kinds is refused whole by
      // `argo submit` (it takes Workflows only), with the reason on a line naming the file.
      const line = kinds.size === 1 ? `${FIXTURES}/${row.expected}` : `${path}:`;
      const ok = r.code === 1 && r.stderr.includes(line) && r.stderr.includes('nothing was submitted');
      if (!ok) failures.push(`${row.file}: exit ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
    }
  }));
  expect(failures).toEqual([]);
  for (const resource of [Resources.workflow, Resources.workflowTemplate, Resources.cronWorkflow]) {
    expect(await h.api.list(resource, { namespace: 'default' })).toEqual([]);
  }
}, 180_000);
