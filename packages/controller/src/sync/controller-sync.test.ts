/**
 * Synchronization through the running controller (fake API, real informers,
 * workers, lock manager and operator): workflows sharing a mutex never run
 * at once, and a restarted controller honours the holders recorded in
 * statuses before granting anything.
 */
import { Annotations } from '@argo-ts/spec';
import { startController, type RunningController } from '../kube/controller.js';
import { FakeKubeApi } from '../kube/testing/fake-api.js';
import { finishPod, quiet, untilWithin } from '../kube/testing/controller-harness.js';
import { Resources } from '../kube/resources.js';
import type { KubeObject } from '../kube/api.js';
import type { Workflow } from '../operator/model.js';

const until = untilWithin(10_000);

/** Plays kubelet + executor: each pod runs `holdMs`, unless `hold` says to keep it running; records when each ran. */
function kubelet(api: FakeKubeApi, holdMs: number, hold: (pod: KubeObject) => boolean = () => false) {
  const seen = new Map<string, number>();
  const ran: { pod: string; workflow: string; from: number; to: number }[] = [];
  const timer = setInterval(() => {
    for (const pod of api.all(Resources.pods)) {
      const name = pod.metadata!.name!;
      if (!seen.has(name)) seen.set(name, Date.now());
      if (ran.some((r) => r.pod === name) || hold(pod) || Date.now() - seen.get(name)! < holdMs) continue;
      ran.push({ pod: name, workflow: pod.metadata!.labels!['workflows.argoproj.io/workflow']!, from: seen.get(name)!, to: Date.now() });
      finishPod(api, pod, {});
    }
  }, 5);
  return { ran, stop: () => clearInterval(timer) };
}

const workflow = (name: string, status?: Workflow['status']): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
  metadata: { name, namespace: 'argo', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: {
    entrypoint: 'main', synchronization: { mutexes: [{ name: 'm' }] },
    templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }],
  },
  ...(status ? { status } : {}),
}) as KubeObject;

const all = (api: FakeKubeApi) => api.all<Workflow & KubeObject>(Resources.workflows);

describe('synchronization in the running controller', () => {
  let api: FakeKubeApi;
  let ctl: RunningController | undefined;
  let stopKubelet = quiet;
  beforeEach(() => { api = new FakeKubeApi(); });
  afterEach(async () => { stopKubelet(); await ctl?.stop(); ctl = undefined; });

  it('three workflows sharing a workflow-level mutex run one after another and all succeed', async () => {
    for (const n of ['a', 'b', 'c']) api.seed(Resources.workflows, workflow(n));
    const k = kubelet(api, 60);
    stopKubelet = k.stop;
    let mostRunning = 0;
    const watch = setInterval(() => { mostRunning = Math.max(mostRunning, all(api).filter((w) => w.status?.phase === 'Running').length); }, 2);
    ctl = await startController({ api, namespace: 'argo', workers: 4, qps: 0, log: quiet });
    await until(() => all(api).every((w) => w.status?.phase === 'Succeeded'));
    clearInterval(watch);
    expect(mostRunning).toBe(1);
    const runs = [...k.ran].sort((x, y) => x.from - y.from);
    expect(runs.map((r) => r.workflow).sort()).toEqual(['a', 'b', 'c']);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.from).toBeGreaterThanOrEqual(runs[i - 1]!.to);
    for (const w of all(api)) expect(w.status!.synchronization).toBeUndefined();
  });

  it('after a restart, a holder recorded in a status keeps the lock; the next workflow waits for it', async () => {
    // The waiter is listed and operated first: only the restored holder can keep it from the lock.
    api.seed(Resources.workflows, workflow('b'));
    api.seed(Resources.workflows, workflow('z', {
      phase: 'Running', startedAt: '2026-01-01T00:00:00Z',
      nodes: { z: { id: 'z', name: 'z', displayName: 'z', type: 'Pod', phase: 'Running', templateName: 'main' } },
      synchronization: { mutex: { holding: [{ mutex: 'argo/Mutex/m', holder: 'argo/z' }] } },
    }));
    api.seed(Resources.pods, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'z', namespace: 'argo', labels: { 'workflows.argoproj.io/workflow': 'z' }, annotations: { [Annotations.nodeId]: 'z', [Annotations.nodeName]: 'z' } },
      spec: { containers: [{ name: 'main', image: 'alpine' }] }, status: { phase: 'Running' },
    } as KubeObject);
    let release = false;
    const k = kubelet(api, 0, (pod) => pod.metadata!.name === 'z' && !release);
    stopKubelet = k.stop;
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    const b = await until(() => all(api).find((w) => w.metadata.name === 'b' && w.status?.phase === 'Pending'));
    expect(b.status!.message).toBe('Waiting for argo/Mutex/m lock. Lock status: 0/1');
    expect(b.status!.synchronization).toEqual({ mutex: { waiting: [{ mutex: 'argo/Mutex/m', holder: 'argo/z' }] } });
    await new Promise((r) => setTimeout(r, 100));
    expect(api.all(Resources.pods).map((p) => p.metadata!.name)).toEqual(['z']);
    release = true;
    await until(() => all(api).every((w) => w.status?.phase === 'Succeeded'));
    expect(k.ran.map((r) => r.workflow)).toEqual(['z', 'b']);
  });

  it('a deleted holder frees the lock for the next workflow', async () => {
    api.seed(Resources.workflows, workflow('a'));
    api.seed(Resources.workflows, workflow('b'));
    const k = kubelet(api, 0, () => true);
    stopKubelet = k.stop;
    ctl = await startController({ api, namespace: 'argo', workers: 2, qps: 0, log: quiet });
    const pending = await until(() => all(api).find((w) => w.status?.phase === 'Pending'));
    const running = all(api).find((w) => w.metadata.name !== pending.metadata.name)!;
    await api.delete(Resources.workflows, 'argo', running.metadata.name!);
    await until(() => all(api).find((w) => w.metadata.name === pending.metadata.name && w.status?.phase === 'Running'));
  });
});
