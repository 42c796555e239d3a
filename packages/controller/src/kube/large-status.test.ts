/**
 * A workflow whose node status passes 1 MB, end to end against the in-memory
 * API: stored compressed, and a restarted controller carries on from the
 * compressed status without re-creating a pod.
 */
import { MAX_WORKFLOW_SIZE, hydrateWorkflow } from '@argo-ts/spec';
import { startController, type RunningController } from './controller.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { finishPod, onEachNewPod, quiet, untilWithin } from './testing/controller-harness.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';
import type { Workflow } from '../operator/model.js';

const until = untilWithin(15000);

/** Finishes every pod `release` allows, reporting a 250 kB result. */
function kubelet(api: FakeKubeApi, release: (pod: KubeObject) => boolean): () => void {
  return onEachNewPod(api, (pod) => {
    if (!release(pod)) return false;
    finishPod(api, pod, { result: `${pod.metadata!.name!}:${'r'.repeat(250_000)}` });
  });
}

const big: Workflow = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
  metadata: { name: 'big', namespace: 'argo' },
  spec: {
    entrypoint: 'main',
    templates: [
      { name: 'main', steps: [[{ name: 'fan', template: 'say', withItems: [1, 2, 3, 4, 5] }], [{ name: 'last', template: 'say' }]] },
      { name: 'say', container: { image: 'alpine', command: ['echo'] } },
    ],
  },
};

const stored = (api: FakeKubeApi) => api.all<Workflow & KubeObject>(Resources.workflows)[0]!;
const podNames = (api: FakeKubeApi) => api.all(Resources.pods).map((p) => p.metadata!.name!).sort();

describe('node status past 1 MB', () => {
  let api: FakeKubeApi;
  let ctl: RunningController | undefined;
  let stopKubelet = quiet;
  beforeEach(() => { api = new FakeKubeApi(); });
  afterEach(async () => { stopKubelet(); await ctl?.stop(); ctl = undefined; });

  it('is stored compressed, and a restarted controller continues from it without re-creating pods', async () => {
    api.seed(Resources.workflows, big as unknown as KubeObject);
    let releaseLast = false;
    stopKubelet = kubelet(api, (pod) => releaseLast || !pod.metadata!.name!.includes('last'));
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    // The fan-out is done and `last` is running: more than 1 MB of results in the node status.
    await until(() => {
      const w = hydrateWorkflow(stored(api));
      return Object.values(w.status?.nodes ?? {}).some((n) => n.displayName === 'last' && n.phase === 'Pending') && w;
    });
    const mid = stored(api);
    expect(mid.status!.nodes).toBeUndefined();
    expect(mid.status!.compressedNodes).toEqual(expect.any(String));
    expect(JSON.stringify(mid).length).toBeLessThan(MAX_WORKFLOW_SIZE);
    const before = podNames(api);
    expect(before).toHaveLength(6);
    const midNodes = hydrateWorkflow(mid).status!.nodes!;

    await ctl.stop();
    const callsBefore = api.calls.length;
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    releaseLast = true;
    const end = await until(() => stored(api).status?.phase === 'Succeeded' && stored(api));
    expect(podNames(api)).toEqual(before);
    // It went on from the stored nodes: none was made again, no pod was asked for again.
    expect(api.calls.slice(callsBefore).filter((c) => c.method === 'create' && c.resource === 'pods')).toEqual([]);
    const endNodes = hydrateWorkflow(end).status!.nodes!;
    for (const [id, n] of Object.entries(midNodes)) expect(endNodes[id]).toMatchObject({ name: n.name, startedAt: n.startedAt });
    const nodes = Object.values(hydrateWorkflow(end).status!.nodes!);
    expect(nodes).toHaveLength(9);
    expect(nodes.filter((n) => n.type === 'Pod' && n.phase === 'Succeeded')).toHaveLength(6);
    const results = nodes.filter((n) => n.type === 'Pod').map((n) => n.outputs!.result!.length);
    expect(Math.min(...results)).toBeGreaterThan(250_000);
    expect(end.status!.nodes).toBeUndefined();
  });
});
