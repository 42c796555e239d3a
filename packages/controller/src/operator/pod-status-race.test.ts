/**
 * R2 (output-artifact-not-optional): the wait container reports outputs before
 * it exits and may still fail afterwards, so a node whose main exited 0 must
 * not complete on the report alone.
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { Annotations } from '@argo-ts/spec';
import type { Workflow } from './model.js';
import { podName } from '@argo-ts/lang';
import { Simulator, runningPod } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}
const ctr = (name: string, state: V1ContainerStatus['state']): V1ContainerStatus => ({ name, state, ready: false, restartCount: 0, image: '', imageID: '' });
const reported = (pod: V1Pod, outputs: object): V1Pod => ({
  ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, [Annotations.outputs]: JSON.stringify(outputs) } },
});
const withStatus = (pod: V1Pod, phase: string, containerStatuses: V1ContainerStatus[]): V1Pod => ({ ...pod, status: { ...pod.status, phase, containerStatuses } });

const stepsWf = wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: whalesay}
  - name: whalesay
    container: {image: busybox, command: [sh, -c, 'echo hi']}
    outputs:
      artifacts:
      - {name: hello-art, optional: false, path: /tmp/hello_world.txt}
`);
const gen = podName('wf', 'wf[0].gen', 'whalesay');

/** Starts the workflow and returns the simulator with gen's pod created. */
function started(): Simulator {
  const sim = new Simulator(stepsWf, () => undefined);
  sim.step();
  expect(sim.pods.has(gen)).toBe(true);
  return sim;
}

describe('a finished main with the wait container still running', () => {
  it('keeps the node Running although outputs are reported, then fails it when wait fails', () => {
    const sim = started();
    const base = sim.pods.get(gen)!;
    sim.pods.set(gen, withStatus(reported(base, { exitCode: '0' }), 'Running', [ctr('wait', { running: {} }), ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf[0].gen')!.phase).toBe('Running');
    expect(sim.wf.status!.phase).toBe('Running');

    const message = 'path /tmp/hello_world.txt does not exist';
    sim.pods.set(gen, withStatus(sim.pods.get(gen)!, 'Failed', [ctr('wait', { terminated: { exitCode: 1, message } }), ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf[0].gen')).toMatchObject({ phase: 'Error', message: `failed to save outputs: ${message}` });
    expect(['Failed', 'Error']).toContain(sim.wf.status!.phase);
  });

  it('completes the node Succeeded once the wait container exits 0, even before the pod phase changes', () => {
    const sim = started();
    const base = reported(sim.pods.get(gen)!, { artifacts: [{ name: 'hello-art', s3: { bucket: 'b', key: 'k' } }], exitCode: '0' });
    sim.pods.set(gen, withStatus(base, 'Running', [ctr('wait', { running: {} }), ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf[0].gen')!.phase).toBe('Running');
    sim.pods.set(gen, withStatus(base, 'Running', [ctr('wait', { terminated: { exitCode: 0 } }), ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf[0].gen')!.phase).toBe('Succeeded');
    expect(sim.node('wf[0].gen')!.outputs!.artifacts![0]).toMatchObject({ name: 'hello-art' });
    expect(sim.wf.status!.phase).toBe('Succeeded');
  });

  it('waits for wait even when its status is not listed yet (the pod spec has it)', () => {
    const sim = started();
    sim.pods.set(gen, withStatus(reported(sim.pods.get(gen)!, { exitCode: '0' }), 'Running', [ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf[0].gen')!.phase).toBe('Running');
  });

  it('completes a pod without a wait container (resource template) on its report', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: r
  templates:
  - name: r
    resource:
      action: create
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: x-}
`), () => undefined);
    sim.step();
    const name = podName('wf', 'wf', 'r');
    const pod = sim.pods.get(name)!;
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['main']);
    sim.pods.set(name, withStatus(pod, 'Running', [ctr('main', { terminated: { exitCode: 0 } })]));
    sim.step();
    expect(sim.node('wf')!.phase).toBe('Running');
    sim.pods.set(name, reported(sim.pods.get(name)!, { parameters: [], exitCode: '0' }));
    sim.step();
    expect(sim.wf.status!.phase).toBe('Succeeded');
  });

  it('still treats a running daemon as daemoned, and stops it when its steps finish', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: daemon}
    - - {name: client, template: t}
  - name: daemon
    daemon: true
    container: {image: nginx}
  - name: t
    container: {image: busybox}
`), (n) => (n.endsWith('server') ? undefined : { exitCode: 0 }));
    sim.step();
    const server = podName('wf', 'wf[0].server', 'daemon');
    const running = runningPod(sim.pods.get(server)!);
    sim.pods.set(server, withStatus(running, 'Running', [ctr('wait', { running: {} }), { ...ctr('main', { running: {} }), ready: true }]));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf[0].server')).toMatchObject({ phase: 'Succeeded', daemoned: true });
  });
});
