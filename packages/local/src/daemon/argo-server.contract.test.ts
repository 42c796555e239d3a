/**
 * Contract tests of argo-server on a local cluster: every operation argo-ts
 * serves is called and its answer validated against Argo's own API schema
 * (swagger.json vendored by @argo-ts/server), with workflows really running.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster, type LocalCluster } from './cluster.js';
import { Contract } from './testdata/contract.js';
import { ServerClient, type Answer } from './testdata/argo-server-client.js';

import { jest } from '@jest/globals';

jest.setTimeout(300_000);

const NS = 'argo';
let stateDir: string;
let cluster: LocalCluster;
let api: ServerClient;
const contract = new Contract();

type Obj = Record<string, any>;

/** Calls and validates; `path` is the swagger template, `args` fill its `{params}`. */
async function call(method: string, template: string, args: Record<string, string>, query = '', body?: unknown, status = 200): Promise<Answer> {
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(args[k] ?? ''));
  const res = await api.call(method, path + query, body);
  if (res.status !== status) throw new Error(`${method} ${path}${query}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  contract.check(method, template, status, res.body);
  return res;
}

function workflow(name: string, spec: Obj, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name, labels: { contract: 'yes', ...labels } }, spec };
}

const artifactWorkflow = workflow('artifacts', {
  entrypoint: 'main',
  templates: [
    { name: 'main', steps: [[{ name: 'gen', template: 'gen' }], [{ name: 'use', template: 'use', arguments: { artifacts: [{ name: 'in', from: '{{steps.gen.outputs.artifacts.out}}' }] } }]] },
    { name: 'gen', container: { image: 'busybox', command: ['sh', '-c', 'echo contract-artifact > /tmp/out.txt; echo made the artifact'] }, outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt' }] } },
    { name: 'use', inputs: { artifacts: [{ name: 'in', path: '/tmp/in.txt' }] }, container: { image: 'busybox', command: ['sh', '-c', 'cat /tmp/in.txt'] } },
  ],
});

async function waitForPhase(name: string, phases: string[], timeoutMs = 120_000): Promise<Obj> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const wf = (await api.call('GET', `/api/v1/workflows/${NS}/${name}`)).body as Obj;
    if (phases.includes(wf.status?.phase)) return wf;
    if (Date.now() > end) throw new Error(`workflow ${name} stayed ${wf.status?.phase ?? 'Pending'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function podNode(wf: Obj, displayName: string): Obj {
  const n = Object.values(wf.status?.nodes ?? {}).find((x: any) => x.displayName === displayName && x.type === 'Pod') as Obj | undefined;
  if (!n) throw new Error(`workflow ${wf.metadata.name} has no pod node ${displayName}`);
  return n;
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-server-contract-'));
  cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, serverPort: 0, log: () => {} });
  const settings = JSON.parse(readFileSync(join(stateDir, 'settings.json'), 'utf8')) as { serverToken: string };
  api = new ServerClient(cluster.serverUrl, settings.serverToken);
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('argo-server contract (Argo swagger.json)', () => {
  it('info, version and userinfo', async () => {
    await call('GET', '/api/v1/info', {});
    const v = await call('GET', '/api/v1/version', {});
    expect(v.body.version).toMatch(/^v\d+\.\d+\.\d+/);
    await call('GET', '/api/v1/userinfo', {});
  });

  it('runs a workflow: create, watch to Succeeded, get, list, logs, artifacts, events', async () => {
    const events = api.stream(`/api/v1/workflow-events/${NS}?listOptions.fieldSelector=metadata.name=artifacts`, (l) => l.result?.object?.status?.phase === 'Succeeded', 120_000);
    const created = await call('POST', '/api/v1/workflows/{namespace}', { namespace: NS }, '', { namespace: NS, workflow: artifactWorkflow });
    expect(created.body.metadata.name).toBe('artifacts');
    const watched = await events;
    expect(watched.status).toBe(200);
    for (const line of watched.lines) contract.check('GET', '/api/v1/workflow-events/{namespace}', 200, line);
    expect(watched.lines[0].result.type).toBe('ADDED');
    const phases = watched.lines.map((l) => l.result.object.status?.phase).filter(Boolean);
    expect(phases[phases.length - 1]).toBe('Succeeded');
    expect(phases).toContain('Running');

    const wf = (await call('GET', '/api/v1/workflows/{namespace}/{name}', { namespace: NS, name: 'artifacts' })).body;
    expect(wf.status.phase).toBe('Succeeded');
    const gen = podNode(wf, 'gen');
    const use = podNode(wf, 'use');

    // A `fields` answer is cut down on purpose (required fields may go), so it is compared, not schema-checked.
    const only = await api.call('GET', `/api/v1/workflows/${NS}/artifacts?fields=metadata.name,status.phase`);
    expect(only.body).toEqual({ metadata: { name: 'artifacts' }, status: { phase: 'Succeeded' } });

    // Logs: one pod, grep, the whole workflow, and the older per-pod path.
    const log = await api.stream(`/api/v1/workflows/${NS}/artifacts/log?podName=${gen.id.replace('artifacts-', 'artifacts-gen-')}&logOptions.container=main`, () => false, 10_000);
    for (const l of log.lines) contract.check('GET', '/api/v1/workflows/{namespace}/{name}/log', 200, l);
    expect(log.lines.map((l) => l.result.content)).toEqual(['made the artifact']);
    const all = await api.stream(`/api/v1/workflows/${NS}/artifacts/log?logOptions.container=main&grep=contract`, () => false, 10_000);
    for (const l of all.lines) contract.check('GET', '/api/v1/workflows/{namespace}/{name}/log', 200, l);
    expect(all.lines.map((l) => l.result.content)).toEqual(['contract-artifact']);
    const podLog = await api.stream(`/api/v1/workflows/${NS}/artifacts/${gen.id.replace('artifacts-', 'artifacts-gen-')}/log?logOptions.container=main`, () => false, 10_000);
    for (const l of podLog.lines) contract.check('GET', '/api/v1/workflows/{namespace}/{name}/{podName}/log', 200, l);
    expect(podLog.lines).toHaveLength(1);

    // Artifacts, streamed from the local S3 store: the archive holds the file the step wrote.
    const out = await api.bytes(`/artifacts/${NS}/artifacts/${gen.id}/out`);
    expect(out.status).toBe(200);
    expect(out.headers['content-disposition']).toBe('attachment; filename="out.tgz"');
    contract.check('GET', '/artifacts/{namespace}/{name}/{nodeId}/{artifactName}', 200, out.body.toString('latin1'));
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(out.body).toString('latin1')).toContain('contract-artifact');
    const input = await api.bytes(`/input-artifacts/${NS}/artifacts/${use.id}/in`);
    expect(input.status).toBe(200);
    expect(input.body.equals(out.body)).toBe(true);
    contract.check('GET', '/input-artifacts/{namespace}/{name}/{nodeId}/{artifactName}', 200, input.body.toString('latin1'));
    const byUid = await api.bytes(`/artifacts-by-uid/${wf.metadata.uid}/${gen.id}/out`);
    expect(byUid.body.equals(out.body)).toBe(true);
    contract.check('GET', '/artifacts-by-uid/{uid}/{nodeId}/{artifactName}', 200, byUid.body.toString('latin1'));
    const inByUid = await api.bytes(`/input-artifacts-by-uid/${wf.metadata.uid}/${use.id}/in`);
    expect(inByUid.body.equals(out.body)).toBe(true);
    contract.check('GET', '/input-artifacts-by-uid/{uid}/{nodeId}/{artifactName}', 200, inByUid.body.toString('latin1'));
    const missing = await api.bytes(`/artifacts/${NS}/artifacts/${gen.id}/nope`);
    expect([missing.status, missing.body.toString().trim()]).toEqual([404, `node ${gen.id} has no output artifact nope`]);

    // Kubernetes Events the controller recorded for the workflow.
    const ev = await api.stream(`/api/v1/stream/events/${NS}?listOptions.timeoutSeconds=2`, () => false, 10_000);
    expect(ev.status).toBe(200);
    for (const l of ev.lines) contract.check('GET', '/api/v1/stream/events/{namespace}', 200, l);
    expect(ev.lines.some((l) => l.result.involvedObject?.name === 'artifacts')).toBe(true);
  });

  it('lists with label and field selectors, fields, limit and continue', async () => {
    await call('POST', '/api/v1/workflows/{namespace}', { namespace: NS }, '', { workflow: workflow('second', { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }] }, { other: 'yes' }) });
    const byLabel = await call('GET', '/api/v1/workflows/{namespace}', { namespace: NS }, '?listOptions.labelSelector=other%3Dyes');
    expect(byLabel.body.items.map((w: Obj) => w.metadata.name)).toEqual(['second']);
    const byField = await call('GET', '/api/v1/workflows/{namespace}', { namespace: NS }, '?listOptions.fieldSelector=metadata.name%3Dartifacts');
    expect(byField.body.items.map((w: Obj) => w.metadata.name)).toEqual(['artifacts']);
    const page1 = await call('GET', '/api/v1/workflows/{namespace}', { namespace: NS }, '?listOptions.labelSelector=contract%3Dyes&listOptions.limit=1');
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.metadata.continue).toBeTruthy();
    const page2 = await call('GET', '/api/v1/workflows/{namespace}', { namespace: NS }, `?listOptions.labelSelector=contract%3Dyes&listOptions.limit=1&listOptions.continue=${encodeURIComponent(page1.body.metadata.continue)}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].metadata.name).not.toBe(page1.body.items[0].metadata.name);
    const slim = await api.call('GET', `/api/v1/workflows/${NS}?listOptions.labelSelector=contract%3Dyes&fields=items.metadata.name`);
    expect(slim.body).toEqual({ items: [{ metadata: { name: 'artifacts' } }, { metadata: { name: 'second' } }] });
  });

  it('lints workflows and answers bad input with grpc-gateway errors', async () => {
    const ok = await call('POST', '/api/v1/workflows/{namespace}/lint', { namespace: NS }, '', { workflow: artifactWorkflow });
    expect(ok.body.metadata.name).toBe('artifacts');
    const bad = await call('POST', '/api/v1/workflows/{namespace}/lint', { namespace: NS }, '', { workflow: workflow('bad', { entrypoint: 'nope', templates: [{ name: 'main', container: { image: 'busybox' } }] }) }, 400);
    expect(bad.body.code).toBe(3);
    expect(bad.body.message).toMatch(/entrypoint/);
    const missing = await call('GET', '/api/v1/workflows/{namespace}/{name}', { namespace: NS, name: 'nope' }, '', undefined, 404);
    expect(missing.body).toEqual({ code: 5, message: 'workflows.argoproj.io "nope" not found', details: [] });
    const exists = await call('POST', '/api/v1/workflows/{namespace}', { namespace: NS }, '', { workflow: artifactWorkflow }, 409);
    expect(exists.body.code).toBe(6);
    const notJson = await api.call('POST', `/api/v1/workflows/${NS}`, undefined);
    expect(notJson.status).toBe(400);
  });

  it('workflow templates, cluster workflow templates and cron workflows: CRUD, lint, submit, suspend/resume', async () => {
    const tmpl = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'say' },
      spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'msg', value: 'hi' }] }, templates: [{ name: 'main', container: { image: 'busybox', command: ['echo', '{{workflow.parameters.msg}}'] } }] },
    };
    const t = { namespace: NS };
    await call('POST', '/api/v1/workflow-templates/{namespace}/lint', t, '', { template: tmpl });
    await call('POST', '/api/v1/workflow-templates/{namespace}', t, '', { template: tmpl });
    const got = await call('GET', '/api/v1/workflow-templates/{namespace}/{name}', { ...t, name: 'say' });
    expect((await call('GET', '/api/v1/workflow-templates/{namespace}', t)).body.items.map((o: Obj) => o.metadata.name)).toEqual(['say']);
    const updated = await call('PUT', '/api/v1/workflow-templates/{namespace}/{name}', { ...t, name: 'say' }, '', { template: { ...got.body, metadata: { ...got.body.metadata, labels: { v: '2' } } } });
    expect(updated.body.metadata.labels).toEqual({ v: '2' });

    const submitted = await call('POST', '/api/v1/workflows/{namespace}/submit', t, '', { resourceKind: 'WorkflowTemplate', resourceName: 'say', submitOptions: { parameters: ['msg=from-template'], labels: 'contract=yes' } });
    expect(submitted.body.spec.workflowTemplateRef).toEqual({ name: 'say' });
    expect(submitted.body.metadata.labels['workflows.argoproj.io/workflow-template']).toBe('say');
    const done = await waitForPhase(submitted.body.metadata.name, ['Succeeded', 'Failed', 'Error']);
    expect(done.status.phase).toBe('Succeeded');
    const log = await api.stream(`/api/v1/workflows/${NS}/${done.metadata.name}/log?logOptions.container=main`, () => false, 10_000);
    expect(log.lines.map((l) => l.result.content)).toEqual(['from-template']);
    await call('DELETE', '/api/v1/workflow-templates/{namespace}/{name}', { ...t, name: 'say' });

    const ctmpl = { ...tmpl, kind: 'ClusterWorkflowTemplate', metadata: { name: 'cluster-say' } };
    await call('POST', '/api/v1/cluster-workflow-templates/lint', {}, '', { template: ctmpl });
    await call('POST', '/api/v1/cluster-workflow-templates', {}, '', { template: ctmpl });
    const cgot = await call('GET', '/api/v1/cluster-workflow-templates/{name}', { name: 'cluster-say' });
    expect((await call('GET', '/api/v1/cluster-workflow-templates', {})).body.items.map((o: Obj) => o.metadata.name)).toContain('cluster-say');
    await call('PUT', '/api/v1/cluster-workflow-templates/{name}', { name: 'cluster-say' }, '', { template: { ...cgot.body, metadata: { ...cgot.body.metadata, labels: { v: '2' } } } });
    await call('DELETE', '/api/v1/cluster-workflow-templates/{name}', { name: 'cluster-say' });
    await call('GET', '/api/v1/cluster-workflow-templates/{name}', { name: 'cluster-say' }, '', undefined, 404);

    const cron = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'nightly' },
      spec: { schedules: ['0 0 1 1 *'], workflowSpec: tmpl.spec },
    };
    await call('POST', '/api/v1/cron-workflows/{namespace}/lint', t, '', { cronWorkflow: cron });
    await call('POST', '/api/v1/cron-workflows/{namespace}', t, '', { cronWorkflow: cron });
    const cgot2 = await call('GET', '/api/v1/cron-workflows/{namespace}/{name}', { ...t, name: 'nightly' });
    expect((await call('GET', '/api/v1/cron-workflows/{namespace}', t)).body.items.map((o: Obj) => o.metadata.name)).toEqual(['nightly']);
    await call('PUT', '/api/v1/cron-workflows/{namespace}/{name}', { ...t, name: 'nightly' }, '', { cronWorkflow: { ...cgot2.body, spec: { ...cgot2.body.spec, schedules: ['0 1 1 1 *'] } } });
    expect((await call('PUT', '/api/v1/cron-workflows/{namespace}/{name}/suspend', { ...t, name: 'nightly' }, '', {})).body.spec.suspend).toBe(true);
    expect((await call('PUT', '/api/v1/cron-workflows/{namespace}/{name}/resume', { ...t, name: 'nightly' }, '', {})).body.spec.suspend).toBe(false);
    const fromCron = await call('POST', '/api/v1/workflows/{namespace}/submit', t, '', { resourceKind: 'CronWorkflow', resourceName: 'nightly', submitOptions: { serverDryRun: true } });
    expect(fromCron.body.metadata.labels['workflows.argoproj.io/cron-workflow']).toBe('nightly');
    await call('DELETE', '/api/v1/cron-workflows/{namespace}/{name}', { ...t, name: 'nightly' });
  });

  it('suspend, set, resume, stop, terminate, retry and resubmit', async () => {
    const t = { namespace: NS };
    const gated = workflow('gated', {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'approve', template: 'approve' }], [{ name: 'after', template: 'echo' }]] },
        { name: 'approve', suspend: {} },
        { name: 'echo', container: { image: 'busybox', command: ['echo', 'approved'] } },
      ],
    });
    await call('POST', '/api/v1/workflows/{namespace}', t, '', { workflow: gated });
    const suspended = await call('PUT', '/api/v1/workflows/{namespace}/{name}/suspend', { ...t, name: 'gated' }, '', {});
    expect(suspended.body.spec.suspend).toBe(true);
    // The suspend node must exist before it can be set.
    const end = Date.now() + 60_000;
    while (!Object.values((await api.call('GET', `/api/v1/workflows/${NS}/gated`)).body.status?.nodes ?? {}).some((n: any) => n.displayName === 'approve')) {
      if (Date.now() > end) throw new Error('the suspend node never appeared');
      await new Promise((r) => setTimeout(r, 200));
    }
    const set = await call('PUT', '/api/v1/workflows/{namespace}/{name}/set', { ...t, name: 'gated' }, '', { nodeFieldSelector: 'displayName=approve', message: 'looked at it' });
    expect(Object.values(set.body.status.nodes).find((n: any) => n.displayName === 'approve')).toMatchObject({ message: 'looked at it' });
    const resumed = await call('PUT', '/api/v1/workflows/{namespace}/{name}/resume', { ...t, name: 'gated' }, '', {});
    expect(resumed.body.spec.suspend).toBeUndefined();
    expect((await waitForPhase('gated', ['Succeeded', 'Failed', 'Error'])).status.phase).toBe('Succeeded');

    const sleeper = (name: string) => workflow(name, { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['sleep', '60'] } }] });
    await call('POST', '/api/v1/workflows/{namespace}', t, '', { workflow: sleeper('stopped') });
    expect((await call('PUT', '/api/v1/workflows/{namespace}/{name}/stop', { ...t, name: 'stopped' }, '', { message: 'enough' })).body.spec.shutdown).toBe('Stop');
    await call('POST', '/api/v1/workflows/{namespace}', t, '', { workflow: sleeper('terminated') });
    expect((await call('PUT', '/api/v1/workflows/{namespace}/{name}/terminate', { ...t, name: 'terminated' }, '', {})).body.spec.shutdown).toBe('Terminate');
    expect((await waitForPhase('terminated', ['Succeeded', 'Failed', 'Error'])).status.phase).toBe('Failed');

    await call('POST', '/api/v1/workflows/{namespace}', t, '', { workflow: workflow('failing', { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['sh', '-c', 'exit 3'] } }] }) });
    expect((await waitForPhase('failing', ['Succeeded', 'Failed', 'Error'])).status.phase).toBe('Failed');
    const retried = await call('PUT', '/api/v1/workflows/{namespace}/{name}/retry', { ...t, name: 'failing' }, '', {});
    expect(retried.body.status.phase).toBe('Running');
    expect((await waitForPhase('failing', ['Succeeded', 'Failed', 'Error'])).status.phase).toBe('Failed');
    const notRetryable = await call('PUT', '/api/v1/workflows/{namespace}/{name}/retry', { ...t, name: 'gated' }, '', {}, 400);
    expect(notRetryable.body.code).toBe(3);
    const resubmitted = await call('PUT', '/api/v1/workflows/{namespace}/{name}/resubmit', { ...t, name: 'failing' }, '', { memoized: false });
    expect(resubmitted.body.metadata.labels['workflows.argoproj.io/resubmitted-from-workflow']).toBe('failing');
    expect(resubmitted.body.metadata.name).not.toBe('failing');

    expect((await call('DELETE', '/api/v1/workflows/{namespace}/{name}', { ...t, name: 'stopped' })).body).toEqual({});
    await call('GET', '/api/v1/workflows/{namespace}/{name}', { ...t, name: 'stopped' }, '', undefined, 404);
  });

  it('called every operation it serves', () => {
    const missing = contract.operations().filter((o) => !contract.checked.has(o));
    expect(missing).toEqual([]);
  });
});
