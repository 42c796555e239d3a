import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { podResourcesDuration, quantityValue } from './resources-duration.js';
import { Simulator, finishPod } from './testing/simulator.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

function ran(name: string, from: number, to: number): V1ContainerStatus {
  return { name, ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, startedAt: iso(from) as never, finishedAt: iso(to) as never } } };
}

describe('podResourcesDuration', () => {
  it('matches the example in Argo\'s resource-duration docs: 3m at 2000m cpu limit, no memory request, 1 GPU', () => {
    const pod: V1Pod = {
      spec: { containers: [{ name: 'main', resources: { limits: { cpu: '2000m', 'nvidia.com/gpu': '1' } } }] },
      status: { containerStatuses: [ran('main', 0, 180)] },
    };
    expect(podResourcesDuration(pod)).toEqual({ cpu: 360, memory: 180, 'nvidia.com/gpu': 180 });
  });

  it('counts init, wait and main with defaults, requests over limits, rounding quantities up and products down', () => {
    const pod: V1Pod = {
      spec: {
        initContainers: [{ name: 'init' }],
        containers: [
          { name: 'wait', resources: { requests: { cpu: '10m', memory: '64Mi' } } },
          { name: 'main', resources: { limits: { cpu: '2', memory: '1Gi', 'nvidia.com/gpu': '1' }, requests: { cpu: '500m' } } },
          { name: 'sidecar' },
        ],
      },
      status: {
        initContainerStatuses: [ran('init', 0, 5)],
        containerStatuses: [
          ran('wait', 5, 35),
          { ...ran('main', 5, 0), state: { terminated: { exitCode: 0, startedAt: iso(5) as never, finishedAt: new Date(T0 + 34_900) } } },
          { name: 'sidecar', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } },
        ],
      },
    };
    // init 5s: cpu 5, memory 5. wait 30s: cpu 1*30 (10m rounds up), memory 64Mi*30/100Mi = 19.2 -> 19.
    // main 29.9s -> 29s: cpu 1*29 (the 500m request wins over the limit of 2), memory 1024Mi*29/100Mi = 296.96 -> 296, gpu 29.
    // sidecar still running: 0.
    expect(podResourcesDuration(pod)).toEqual({ cpu: 64, memory: 320, 'nvidia.com/gpu': 29 });
  });

  it('is zero for containers that never started, and scales storage by 10Gi', () => {
    const pod: V1Pod = {
      spec: { containers: [{ name: 'main', resources: { requests: { 'ephemeral-storage': '20Gi' } } }, { name: 'wait' }] },
      status: { containerStatuses: [ran('main', 0, 100), { name: 'wait', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 1 } } }] },
    };
    expect(podResourcesDuration(pod)).toEqual({ cpu: 100, 'ephemeral-storage': 200, memory: 100 });
  });
});

describe('quantityValue', () => {
  it('rounds up to whole units, exactly', () => {
    expect(['100m', '3000m', '1.5', '64Mi', '1G', '2e3', '500u'].map(quantityValue)).toEqual([1, 3, 2, 64 * 2 ** 20, 1e9, 2000, 1]);
    expect(quantityValue('lots')).toBeUndefined();
  });
});

describe('resourcesDuration in operate', () => {
  const wf = parse(`
metadata: {name: rd}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: small}
    - - {name: b, template: big}
  - name: small
    container: {image: alpine, command: [sh, -c, 'sleep 10']}
  - name: big
    container: {image: alpine, command: [sh, -c, 'sleep 20'], resources: {requests: {cpu: '2', memory: 200Mi}}}
`) as Workflow;

  /** Finishes each running pod with every container having run `secs[step]` seconds. */
  function settleTimed(sim: Simulator, secs: Record<string, number>): void {
    for (const name of [...sim.running]) {
      const pod = sim.pods.get(name)!;
      const step = pod.metadata!.annotations!['workflows.argoproj.io/node-name']!.split('.').pop()!;
      const done = finishPod(pod, { exitCode: 0 });
      const statuses = done.status!.containerStatuses!.map((c) => ({ ...c, state: { terminated: { ...c.state!.terminated!, startedAt: iso(0) as never, finishedAt: iso(secs[step]!) as never } } }));
      sim.pods.set(name, { ...done, status: { ...done.status, containerStatuses: statuses } });
      sim.running.delete(name);
    }
  }

  it('sets each Pod node\'s, sums them on parents and on the workflow, and grows the total while running', () => {
    const sim = new Simulator(wf, () => undefined);
    const secs = { a: 10, b: 20 };
    sim.step();
    expect(sim.created).toHaveLength(1);
    expect(sim.pods.get(sim.created[0]!)!.spec!.containers.map((c) => c.name)).toEqual(['wait', 'main']);
    settleTimed(sim, secs);
    sim.step();
    // a: wait and main at the defaults for 10s each.
    expect(sim.node('rd[0].a')!.resourcesDuration).toEqual({ cpu: 20, memory: 20 });
    expect(sim.node('rd[0]')!.resourcesDuration).toEqual({ cpu: 20, memory: 20 });
    expect(sim.wf.status!.resourcesDuration).toEqual({ cpu: 20, memory: 20 });
    expect(sim.node('rd')!.resourcesDuration).toBeUndefined();
    for (let i = 0; i < 5 && sim.wf.status!.phase === 'Running'; i++) {
      settleTimed(sim, secs);
      sim.step();
    }
    expect(sim.wf.status!.phase).toBe('Succeeded');
    // b: wait at the defaults (20 + 20), main 2 cpu * 20s and 200Mi * 20s / 100Mi.
    expect(sim.node('rd[1].b')!.resourcesDuration).toEqual({ cpu: 60, memory: 60 });
    expect(sim.node('rd')!.resourcesDuration).toEqual({ cpu: 80, memory: 80 });
    expect(sim.wf.status!.resourcesDuration).toEqual({ cpu: 80, memory: 80 });
  });

  it('counts a pod reached by two paths once in its parent\'s sum (a diamond DAG)', () => {
    const diamond = parse(`
metadata: {name: rd}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: t}
      - {name: B, template: t, dependencies: [A]}
      - {name: C, template: t, dependencies: [A]}
      - {name: D, template: t, dependencies: [B, C]}
  - name: t
    container: {image: alpine}
`) as Workflow;
    const sim = new Simulator(diamond, () => undefined);
    for (let i = 0; i < 10 && sim.wf.status?.phase !== 'Succeeded'; i++) {
      sim.step();
      settleTimed(sim, { A: 1, B: 2, C: 3, D: 4 });
    }
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('rd.B')!.children).toEqual(sim.node('rd.C')!.children);
    // Two default containers per pod: 2 * (1 + 2 + 3 + 4); D twice would make 28.
    expect(sim.node('rd')!.resourcesDuration).toEqual({ cpu: 20, memory: 20 });
    expect(sim.wf.status!.resourcesDuration).toEqual({ cpu: 20, memory: 20 });
  });
});
