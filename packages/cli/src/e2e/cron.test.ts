/**
 * CronWorkflows end to end on the embedded local cluster: the cron
 * controller started with the workflow controller creates Workflows that run
 * as real pods, driven and observed through the CLI.
 */
import { jest } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(240_000);
const data = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const run = new LocalClusterRun({ prefix: 'argo-cli-cron-', killAfterMs: 120_000 });
const argo = (args: string[]) => run.argo(args);

/** Workflows created by one CronWorkflow, via `argo list -l ... -o json`. */
async function children(cron: string): Promise<any[]> {
  const r = await argo(['list', '-l', `workflows.argoproj.io/cron-workflow=${cron}`, '-o', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as any[];
}

async function until<T>(f: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const describeIf = describe;

describeIf('CronWorkflows on the local cluster', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('@every 2s creates Workflows that run and succeed; cron list shows the last and next run', async () => {
    const c = await argo(['cron', 'create', join(data, 'cron-every-2s.yaml')]);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^Name: +every-2s$/m);
    expect(c.stdout).toMatch(/^Schedules: +@every 2s$/m);
    const done = await until(async () => {
      const wfs = (await children('every-2s')).filter((w) => w.status?.phase === 'Succeeded');
      return wfs.length >= 2 && wfs;
    }, 180_000);
    for (const wf of done) {
      expect(wf.metadata.name).toMatch(/^every-2s-\d{10}$/);
      expect(wf.metadata.annotations['workflows.argoproj.io/scheduled-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
      expect(wf.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronWorkflow', name: 'every-2s', controller: true });
    }
    const list = await argo(['cron', 'list']);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+AGE\s+LAST RUN\s+NEXT RUN\s+SCHEDULES\s+TIMEZONE\s+SUSPENDED$/);
    // LAST RUN a few seconds ago at most (never N/A once it ran), NEXT RUN within the 2 s period.
    expect(rows.find((r) => r.startsWith('every-2s'))).toMatch(/^every-2s\s+\d+[smh]\s+\d+s\s+[0-2]s\s+@every 2s\s+false$/);
    const get = await argo(['cron', 'get', 'every-2s', '-o', 'json']);
    const status = JSON.parse(get.stdout).status;
    expect(status.succeeded).toBeGreaterThanOrEqual(2);
    expect(status.phase).toBe('Active');
    expect(status.lastScheduledTime).toMatch(/Z$/);
    expect((await argo(['cron', 'suspend', 'every-2s'])).code).toBe(0);
  });

  it('Forbid leaves a long-running Workflow alone: no second one starts', async () => {
    expect((await argo(['cron', 'create', join(data, 'cron-forbid.yaml'), '-o', 'name'])).code).toBe(0);
    const first = await until(async () => (await children('forbid-long')).find((w) => w.status?.phase === 'Running'), 120_000);
    // Three periods later it is still the only one, still running.
    await new Promise((r) => setTimeout(r, 7000));
    const now = await children('forbid-long');
    expect(now.map((w) => w.metadata.name)).toEqual([first.metadata.name]);
    expect(now[0].status.phase).toBe('Running');
    const get = await argo(['cron', 'get', 'forbid-long']);
    expect(get.stdout).toMatch(new RegExp(`^Active Workflows: +${first.metadata.name}$`, 'm'));
    expect((await argo(['cron', 'delete', 'forbid-long'])).code).toBe(0);
  });

  it('submit --from cronworkflow/NAME runs one now', async () => {
    const r = await argo(['submit', '--from', 'cronworkflow/every-2s', '--wait', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const name = r.stdout.trim().split('\n')[0]!;
    expect(name).toMatch(/^every-2s-[a-z0-9]{5}$/);
    const wf = await run.getJson(name);
    expect(wf.status.phase).toBe('Succeeded');
    expect(wf.metadata.labels['workflows.argoproj.io/cron-workflow']).toBe('every-2s');
  });
});
