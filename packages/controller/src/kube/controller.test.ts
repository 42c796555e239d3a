/**
 * The controller end to end against the in-memory API: real informers,
 * queue, workers and the real operator; a few lines below play the kubelet
 * and the executor (finish each pod with an exit code and reported outputs).
 */
import { Labels } from '@argo-ts/spec';
import { startController, type RunningController } from './controller.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { finishPod, onEachNewPod, quiet, untilWithin } from './testing/controller-harness.js';
import { KubeApiError } from './errors.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';
import type { Workflow } from '../operator/model.js';
import type { Operate, OperateResult } from '../operator/types.js';

const until = untilWithin(8000);

/** Plays kubelet + executor: every new pod finishes, its stdout decided by `stdout(podName, pod)`. */
function kubelet(api: FakeKubeApi, stdout: (pod: KubeObject) => string, exitCode: (pod: KubeObject) => number = () => 0): () => void {
  return onEachNewPod(api, (pod) => {
    const code = exitCode(pod);
    finishPod(api, pod, { result: stdout(pod) }, code);
  });
}

const steps: Workflow = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
  metadata: { name: 'hello', namespace: 'argo' },
  spec: {
    entrypoint: 'main',
    templates: [
      { name: 'main', steps: [[{ name: 'one', template: 'say', arguments: { parameters: [{ name: 'msg', value: 'hi' }] } }], [{ name: 'two', template: 'say', arguments: { parameters: [{ name: 'msg', value: '{{steps.one.outputs.result}}!' }] } }]] },
      { name: 'say', inputs: { parameters: [{ name: 'msg' }] }, container: { image: 'alpine', command: ['echo', '{{inputs.parameters.msg}}'] } },
    ],
  },
};

function echoed(pod: KubeObject): string {
  const main = (pod.spec as { containers: Array<{ name: string; command?: string[]; args?: string[] }> }).containers.find((c) => c.name === 'main')!;
  const argv = [...(main.command ?? []), ...(main.args ?? [])];
  return argv[argv.length - 1]!;
}

describe('startController (fake API, real operator)', () => {
  let api: FakeKubeApi;
  let ctl: RunningController | undefined;
  let stopKubelet = quiet;
  beforeEach(() => { api = new FakeKubeApi(); });
  afterEach(async () => { stopKubelet(); await ctl?.stop(); ctl = undefined; });

  it('runs a two-step workflow to Succeeded: pods, outputs passed on, status, labels, events', async () => {
    api.seed(Resources.workflows, steps as unknown as KubeObject);
    stopKubelet = kubelet(api, echoed);
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    const wf = await until(() => {
      const w = api.all<Workflow & KubeObject>(Resources.workflows)[0];
      return w?.status?.phase === 'Succeeded' && w.metadata.labels?.[Labels.completed] === 'true' ? w : undefined;
    });
    expect(wf.metadata.labels?.[Labels.phase]).toBe('Succeeded');
    const pods = api.all(Resources.pods);
    expect(pods.length).toBe(2);
    const two = Object.values(wf.status!.nodes!).find((n) => n.displayName === 'two')!;
    expect(two.outputs?.result).toBe('hi!');
    await until(() => api.all(Resources.events).some((e: any) => e.reason === 'WorkflowSucceeded'));
    const reasons = api.all(Resources.events).map((e: any) => e.reason);
    expect(reasons).toContain('WorkflowRunning');
    expect(reasons).toContain('WorkflowNodeSucceeded');
    expect(api.calls.filter((c) => c.method === 'create' && c.resource === 'pods').length).toBe(2);
  });

  it('recovers from a status write conflict by re-reading and operating again', async () => {
    api.seed(Resources.workflows, steps as unknown as KubeObject);
    api.failNext('replaceStatus', new KubeApiError(409, 'the object has been modified', 'Conflict'), 1);
    stopKubelet = kubelet(api, echoed);
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    await until(() => api.all<Workflow & KubeObject>(Resources.workflows)[0]?.status?.phase === 'Succeeded');
    expect(api.calls.some((c) => c.method === 'get' && c.resource === 'workflows')).toBe(true);
    expect(api.all(Resources.pods).length).toBe(2);
  });

  it('retries transient pod creation failures with backoff until they succeed', async () => {
    api.seed(Resources.workflows, steps as unknown as KubeObject);
    api.failNext('create', new KubeApiError(503, 'apiserver overloaded'), 2, 'pods');
    stopKubelet = kubelet(api, echoed);
    const logs: string[] = [];
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: (m) => logs.push(m) });
    await until(() => api.all<Workflow & KubeObject>(Resources.workflows)[0]?.status?.phase === 'Succeeded');
    expect(logs.some((l) => /retrying in \d+ ms/.test(l))).toBe(true);
  });

  it('rides out a busy API server at start-up (its ConfigMap read answered 500, then 429)', async () => {
    api.seed(Resources.workflows, steps as unknown as KubeObject);
    api.failNext('get', new KubeApiError(500, 'Internal error occurred'), 1, 'configmaps');
    api.failNext('get', new KubeApiError(429, 'the server has received too many requests'), 1, 'configmaps');
    stopKubelet = kubelet(api, echoed);
    const logs: string[] = [];
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: (m) => logs.push(m) });
    await until(() => api.all<Workflow & KubeObject>(Resources.workflows)[0]?.status?.phase === 'Succeeded');
    expect(logs.filter((l) => /^config: .*; retry \d in \d+ ms$/.test(l))).toHaveLength(2);
  });

  it('ends at start-up when the API refuses its ConfigMap for good (403)', async () => {
    api.failNext('get', new KubeApiError(403, 'configmaps "workflow-controller-configmap" is forbidden', 'Forbidden'), 1, 'configmaps');
    await expect(startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet })).rejects.toThrow(/forbidden/);
  });

  it('fails the node (not hangs) when the API refuses a pod for good', async () => {
    api.seed(Resources.workflows, steps as unknown as KubeObject);
    api.failNext('create', new KubeApiError(422, 'Pod "x" is invalid: spec.containers[0].image: Required value', 'Invalid'), 1, 'pods');
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    const wf = await until(() => {
      const w = api.all<Workflow & KubeObject>(Resources.workflows)[0];
      return w?.status?.phase && ['Failed', 'Error'].includes(w.status.phase) ? w : undefined;
    });
    const one = Object.values(wf.status!.nodes!).find((n) => n.displayName === 'one')!;
    expect(one.phase).toBe('Error');
    expect(one.message).toMatch(/^failed to create pod hello-say-\d+: .*spec\.containers\[0\]\.image: Required value/);
    await until(() => api.all(Resources.events).some((e: any) => e.reason === 'WorkflowActionFailed'));
  });

  it('ignores workflows of another controller instance', async () => {
    api.seed(Resources.workflows, { ...steps, metadata: { ...steps.metadata, labels: { [Labels.controllerInstanceId]: 'other' } } } as unknown as KubeObject);
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    await ctl.synced();
    await new Promise((r) => setTimeout(r, 100));
    expect(api.all(Resources.pods)).toEqual([]);
    expect(api.all<Workflow & KubeObject>(Resources.workflows)[0]!.status).toBeUndefined();
  });
});

describe('startController (scripted operator)', () => {
  let api: FakeKubeApi;
  let ctl: RunningController | undefined;
  beforeEach(() => { api = new FakeKubeApi(); api.seed(Resources.workflows, { metadata: { name: 'w', namespace: 'ns1' }, spec: {} }); });
  afterEach(async () => { await ctl?.stop(); ctl = undefined; });

  it('operates again after requeueAfterMs without any event (timer, not polling)', async () => {
    const seen: number[] = [];
    const op: Operate = (wf) => {
      seen.push(Date.now());
      const r: OperateResult = { status: { ...(wf.status ?? {}), phase: 'Running' }, actions: [] };
      if (seen.length === 1) r.requeueAfterMs = 150;
      return r;
    };
    ctl = await startController({ api, namespace: 'argo', qps: 0, operate: op, log: quiet });
    await until(() => seen.length >= 3);
    // 1: initial add; 2: our own status write comes back as an update; 3: the timer.
    expect(seen[2]! - seen[0]!).toBeGreaterThanOrEqual(140);
  });

  it('passes pods and task results indexed by workflow, and the config from the ConfigMap', async () => {
    api.seed(Resources.configMaps, { metadata: { name: 'workflow-controller-configmap', namespace: 'argo' }, data: { config: 'executor:\n  image: exec:9\nparallelism: 2' } } as KubeObject);
    api.seed(Resources.pods, { metadata: { name: 'w-1', namespace: 'ns1', labels: { [Labels.workflow]: 'w' } } });
    api.seed(Resources.pods, { metadata: { name: 'x-1', namespace: 'ns1', labels: { [Labels.workflow]: 'x' } } });
    api.seed(Resources.workflowTaskResults, { metadata: { name: 'w-123', namespace: 'ns1', labels: { [Labels.workflow]: 'w' } } });
    let got: { pods: string[]; results: string[]; image: string; parallelism?: number } | undefined;
    ctl = await startController({ api, namespace: 'argo', qps: 0, log: quiet, operate: (wf, pods, _now, cfg, ctx) => {
      got = { pods: pods.map((p) => p.metadata!.name!), results: [...ctx.taskResults.keys()], image: cfg.executorImage, ...(cfg.parallelism !== undefined ? { parallelism: cfg.parallelism } : {}) };
      return { status: wf.status ?? {}, actions: [] };
    } });
    await until(() => got?.results.length);
    expect(got).toEqual({ pods: ['w-1'], results: ['w-123'], image: 'exec:9', parallelism: 2 });
  });

  it('a pod event re-queues its workflow immediately', async () => {
    let calls = 0;
    ctl = await startController({ api, namespace: 'argo', qps: 0, log: quiet, operate: (wf) => { calls++; return { status: wf.status ?? {}, actions: [] }; } });
    await until(() => calls >= 1);
    const before = calls;
    await api.create(Resources.pods, 'ns1', { metadata: { name: 'w-9', labels: { [Labels.workflow]: 'w' } } });
    await until(() => calls > before, 1000);
  });

  it('stop() waits for in-flight reconciles', async () => {
    let release!: () => void;
    let finished = false;
    const gate = new Promise<void>((r) => { release = r; });
    let started = false;
    const op: Operate = (wf) => { started = true; return { status: wf.status ?? {}, actions: [{ type: 'createPod', pod: { metadata: { name: 'p' } } }] }; };
    const orig = api.create.bind(api);
    api.create = (async (...args: Parameters<FakeKubeApi['create']>) => { await gate; finished = true; return orig(...args); }) as FakeKubeApi['create'];
    ctl = await startController({ api, namespace: 'argo', qps: 0, operate: op, log: quiet });
    await until(() => started);
    const stopping = ctl.stop();
    await new Promise((r) => setTimeout(r, 30));
    expect(finished).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    ctl = undefined;
  });
});

describe('startController (start-up errors)', () => {
  it('reports a busy metrics port in one line and starts nothing', async () => {
    const http = await import('node:http');
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const api = new FakeKubeApi();
    try {
      await expect(startController({ api, namespace: 'argo', metricsPort: port, metricsHost: '127.0.0.1', log: quiet }))
        .rejects.toThrow(new RegExp(`^metrics server on port ${port}: listen EADDRINUSE`));
      expect(api.calls.filter((c) => c.method === 'list')).toEqual([]);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('reports an invalid controller ConfigMap with its name and field', async () => {
    const api = new FakeKubeApi();
    api.seed(Resources.configMaps, { metadata: { name: 'workflow-controller-configmap', namespace: 'argo' }, data: { parallelism: 'many' } } as KubeObject);
    await expect(startController({ api, namespace: 'argo', log: quiet })).rejects.toThrow(/^configmap argo\/workflow-controller-configmap: parallelism: /);
  });
});
