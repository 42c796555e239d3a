import { jest } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resources } from '../kube/resources.js';
import { stepsWorkflow, suspendedWorkflow, dagWorkflow } from '../testdata/fixtures.js';
import type { Workflow } from '../types.js';
import { BIN, Harness, inDefault } from './harness.js';

jest.setTimeout(60_000);
const h = new Harness();

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`build the cli first: ${BIN} missing`);
  await h.start();
});
afterAll(() => h.stop());

async function names(): Promise<string[]> {
  return (await h.api.list(Resources.workflow, { namespace: 'default' })).map((w) => w.metadata.name!).sort();
}

async function reset(): Promise<void> {
  for (const n of await names()) await h.api.delete(Resources.workflow, n, 'default');
}

describe('argo against the local API server', () => {
  beforeEach(reset);

  it('get -o json prints the object exactly as the API holds it', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const inApi = await h.api.get(Resources.workflow, 'steps-abc', 'default');
    const r = await h.run(['get', 'steps-abc', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(inApi);
  });

  it('get prints the header and the node tree', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const r = await h.run(['get', 'steps-abc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: {16}steps-abc$/m);
    expect(r.stdout).toMatch(/^Status: {14}Failed$/m);
    expect(r.stdout).toMatch(/^ └─┬─✔ hello2a\s+whalesay\s+steps-abc-whalesay-1322215231\s+3s$/m);
  });

  it('list filters by phase, label and prefix, newest first', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    await h.seed(inDefault(dagWorkflow()));
    const all = await h.run(['list']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY\s+MESSAGE$/);
    expect(all.stdout).toMatch(/^steps-abc\s+Failed\s/m);
    expect(all.stdout).toMatch(/^dag-x\s+Running\s/m);
    expect((await h.run(['list', '--running', '-o', 'name'])).stdout).toBe('dag-x\n');
    expect((await h.run(['list', '--completed', '-o', 'name'])).stdout).toBe('steps-abc\n');
    expect((await h.run(['list', '--status', 'Failed', '-o', 'name'])).stdout).toBe('steps-abc\n');
    expect((await h.run(['list', '-l', 'team=a', '-o', 'name'])).stdout).toBe('steps-abc\n');
    expect((await h.run(['list', '--prefix', 'dag', '-o', 'name'])).stdout).toBe('dag-x\n');
  });

  it('delete removes the workflow; deleting a missing one is one clear line and exit 1', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const r = await h.run(['delete', 'steps-abc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Workflow 'steps-abc' deleted\n");
    expect(await names()).toEqual([]);
    const missing = await h.run(['delete', 'steps-abc']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^Error: get workflow default\/steps-abc: .*not found/);
  });

  it('delete --completed keeps running workflows', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    await h.seed(inDefault(dagWorkflow()));
    expect((await h.run(['delete', '--completed'])).code).toBe(0);
    expect(await names()).toEqual(['dag-x']);
  });

  it('suspend, resume, stop and terminate patch the object as Argo does', async () => {
    await h.seed(inDefault(suspendedWorkflow()));
    await h.api.mergePatch(Resources.workflow, 'sus-1', { spec: { suspend: null } }, 'default');
    expect((await h.run(['suspend', 'sus-1'])).code).toBe(0);
    expect((await h.api.get(Resources.workflow, 'sus-1', 'default')).spec!.suspend).toBe(true);

    const partial = await h.run(['resume', 'sus-1', '--node-field-selector', 'inputs.parameters.tag.value=t1']);
    expect(partial.code).toBe(0);
    let wf = (await h.api.get(Resources.workflow, 'sus-1', 'default')) as Workflow;
    expect(wf.spec.suspend).toBe(true);
    expect(wf.status!.nodes!['sus-1-200']!.phase).toBe('Succeeded');
    expect(wf.status!.nodes!['sus-1-200']!.outputs!.parameters![0]!.value).toBe('yes');
    expect(wf.status!.nodes!['sus-1-201']!.phase).toBe('Running');

    expect((await h.run(['resume', 'sus-1'])).code).toBe(0);
    wf = (await h.api.get(Resources.workflow, 'sus-1', 'default')) as Workflow;
    expect(wf.spec.suspend).toBeUndefined();
    expect(wf.status!.nodes!['sus-1-201']!.phase).toBe('Succeeded');

    expect((await h.run(['stop', 'sus-1'])).code).toBe(0);
    expect((await h.api.get(Resources.workflow, 'sus-1', 'default')).spec!.shutdown).toBe('Stop');
    expect((await h.run(['terminate', 'sus-1'])).code).toBe(0);
    expect((await h.api.get(Resources.workflow, 'sus-1', 'default')).spec!.shutdown).toBe('Terminate');
  });

  it('submit of an invalid manifest exits 1 with the lint message and creates nothing', async () => {
    const dir = join(h.dir, 'bad');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: bad-}\nspec:\n  entrypoint: nope\n  templates:\n  - name: main\n    container: {image: alpine}\n');
    const r = await h.run(['submit', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:`);
    expect(r.stderr).toMatch(/nope/);
    expect(r.stderr).toMatch(/nothing was submitted/);
    expect(await names()).toEqual([]);
  });

  it('submit creates the workflow with -p, --generate-name and -l applied, and reads stdin', async () => {
    const manifest = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: hello-}\nspec:\n  entrypoint: main\n  arguments: {parameters: [{name: msg, value: a}]}\n  templates:\n  - name: main\n    inputs: {parameters: [{name: msg}]}\n    container: {image: alpine, command: [echo, "{{inputs.parameters.msg}}"]}\n';
    const r = await h.run(['submit', '-', '-p', 'msg=b', '--generate-name', 'hi-', '-l', 'k=v', '-o', 'name'], { input: manifest });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const name = r.stdout.trim();
    expect(name).toMatch(/^hi-/);
    const wf = await h.api.get(Resources.workflow, name, 'default');
    expect(wf.spec!.arguments.parameters).toEqual([{ name: 'msg', value: 'b' }]);
    expect(wf.metadata.labels).toEqual({ k: 'v' });
  });

  it('retry resets the failed node and sets the workflow Running', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const r = await h.run(['retry', 'steps-abc', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const wf = (await h.api.get(Resources.workflow, 'steps-abc', 'default')) as Workflow;
    expect(wf.status!.phase).toBe('Running');
    expect(wf.status!.nodes!['steps-abc-122']).toBeUndefined();
    expect(wf.status!.nodes!['steps-abc-121']!.phase).toBe('Succeeded');
  });

  it('resubmit creates a new workflow from the old one', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const r = await h.run(['resubmit', 'steps-abc', '-o', 'name']);
    expect(r.code).toBe(0);
    const created = await h.api.get(Resources.workflow, r.stdout.trim(), 'default');
    expect(created.metadata.labels!['workflows.argoproj.io/resubmitted-from-workflow']).toBe('steps-abc');
    expect(created.spec!.entrypoint).toBe('hello-hello-hello');
  });

  it('wait follows the watch until the workflow completes; exit status follows the phase', async () => {
    await h.seed(inDefault(dagWorkflow()));
    const waiting = h.run(['wait', 'dag-x']);
    await new Promise((r) => setTimeout(r, 800));
    const wf = (await h.api.get(Resources.workflow, 'dag-x', 'default')) as Workflow;
    await h.api.mergePatchStatus(Resources.workflow, 'dag-x', { status: { phase: 'Succeeded', finishedAt: '2026-11-23T12:10:00Z' } }, 'default');
    const r = await waiting;
    expect(wf.status!.phase).toBe('Running');
    expect(r.stdout).toBe('dag-x Succeeded at 2026-11-23T12:10:00Z\n');
    expect(r.code).toBe(0);
    const failed = await h.seed(inDefault(stepsWorkflow()));
    const f = await h.run(['wait', failed.metadata.name!]);
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/^steps-abc Failed at /);
  });

  it('watch prints plain frames when not a TTY and exits 1 for a failed workflow', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    const r = await h.run(['watch', '@latest']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Name: {16}steps-abc$/m);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('logs prefixes each line with the pod name, oldest pod first, and --grep filters', async () => {
    await h.seed(inDefault(stepsWorkflow()));
    await h.seedPod('steps-abc-b', 'steps-abc', 'Succeeded', '2026-11-23T12:00:05Z');
    await h.seedPod('steps-abc-a', 'steps-abc', 'Succeeded', '2026-11-23T12:00:01Z');
    h.logs.set('steps-abc-a', 'one\ntwo\n');
    h.logs.set('steps-abc-b', 'three\n');
    const r = await h.run(['logs', 'steps-abc']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('steps-abc-a: one\nsteps-abc-a: two\nsteps-abc-b: three\n');
    expect((await h.run(['logs', 'steps-abc', '--grep', 't'])).stdout).toBe('steps-abc-a: two\nsteps-abc-b: three\n');
    expect((await h.run(['logs', 'steps-abc', 'steps-abc-b'])).stdout).toBe('steps-abc-b: three\n');
  });

  it('logs -f picks up pods that start later and ends when the workflow completes', async () => {
    await h.seed(inDefault(dagWorkflow()));
    await h.seedPod('dag-x-echo-1', 'dag-x', 'Succeeded', '2026-11-23T12:00:01Z');
    h.logs.set('dag-x-echo-1', 'first\n');
    h.logs.set('dag-x-echo-2', 'second\n');
    const following = h.run(['logs', 'dag-x', '-f']);
    await new Promise((r) => setTimeout(r, 1000));
    await h.seedPod('dag-x-echo-2', 'dag-x', 'Running', '2026-11-23T12:00:09Z');
    await new Promise((r) => setTimeout(r, 500));
    await h.api.mergePatchStatus(Resources.workflow, 'dag-x', { status: { phase: 'Succeeded', finishedAt: '2026-11-23T12:10:00Z' } }, 'default');
    const r = await following;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['dag-x-echo-1: first', 'dag-x-echo-2: second']);
  });

  it('submit --from a template that only exists in the cluster lints against it', async () => {
    const file = join(h.dir, 'wft-ref.yaml');
    writeFileSync(file, 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: shared}\nspec:\n  templates:\n  - name: say\n    container: {image: alpine}\n');
    expect((await h.run(['template', 'create', file])).code).toBe(0);
    const wf = join(h.dir, 'uses-ref.yaml');
    writeFileSync(wf, 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: uses-}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: a\n        templateRef: {name: shared, template: say}\n');
    const ok = await h.run(['submit', wf, '-o', 'name']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    writeFileSync(wf, 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: uses-}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    steps:\n    - - name: a\n        templateRef: {name: shared, template: nope}\n');
    const bad = await h.run(['submit', wf]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/nope/);
    await h.api.delete(Resources.workflowTemplate, 'shared', 'default');
  });

  it('template create/list/get/delete round-trips a WorkflowTemplate', async () => {
    const file = join(h.dir, 'wft.yaml');
    writeFileSync(file, 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: wft-1}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    container: {image: alpine}\n');
    expect((await h.run(['template', 'create', file])).code).toBe(0);
    const list = await h.run(['template', 'list']);
    expect(list.stdout).toMatch(/^wft-1\s+\d+s$/m);
    const got = await h.run(['template', 'get', 'wft-1', '-o', 'json']);
    expect(JSON.parse(got.stdout).spec.entrypoint).toBe('main');
    writeFileSync(file, 'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: wft-1}\nspec:\n  entrypoint: other\n  templates:\n  - name: other\n    container: {image: alpine}\n');
    const upd = await h.run(['template', 'update', file, '-o', 'name']);
    expect(upd.stderr).toBe('');
    expect(upd.stdout).toBe('wft-1\n');
    expect((await h.api.get(Resources.workflowTemplate, 'wft-1', 'default')).spec!.entrypoint).toBe('other');
    const sub = await h.run(['submit', '--from', 'workflowtemplate/wft-1', '-o', 'json']);
    expect(sub.code).toBe(0);
    expect(JSON.parse(sub.stdout).spec.workflowTemplateRef).toEqual({ name: 'wft-1' });
    expect((await h.run(['template', 'delete', 'wft-1'])).stdout).toBe("WorkflowTemplate 'wft-1' deleted\n");
    const gone = await h.run(['template', 'get', 'wft-1']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^Error: get workflow template default\/wft-1: /);
  });

  it('cron create/suspend/resume', async () => {
    const file = join(h.dir, 'cron.yaml');
    writeFileSync(file, 'apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: cw}\nspec:\n  schedules: ["* * * * *"]\n  workflowSpec:\n    entrypoint: main\n    templates:\n    - name: main\n      container: {image: alpine}\n');
    const c = await h.run(['cron', 'create', file, '--schedule', '*/5 * * * *', '-p', 'x=1']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    let cw = await h.api.get(Resources.cronWorkflow, 'cw', 'default');
    expect(cw.spec!.schedules).toEqual(['*/5 * * * *']);
    expect(cw.spec!.workflowSpec.arguments.parameters).toEqual([{ name: 'x', value: '1' }]);
    await h.run(['cron', 'suspend', 'cw']);
    cw = await h.api.get(Resources.cronWorkflow, 'cw', 'default');
    expect(cw.spec!.suspend).toBe(true);
    await h.run(['cron', 'resume', 'cw']);
    cw = await h.api.get(Resources.cronWorkflow, 'cw', 'default');
    expect(cw.spec!.suspend).toBe(false);
    await h.api.delete(Resources.cronWorkflow, 'cw', 'default');
  });
});
