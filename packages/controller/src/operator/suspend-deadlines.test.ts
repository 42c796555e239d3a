/** Suspend (with durations and resume), deadlines (template, workflow) and shutdown (Stop, Terminate), as exact operator outcomes. */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { podName } from '@argo-ts/lang';
import { Simulator, runningPod, type Script } from './testing/simulator.js';

function wf(yaml: string, name = 'wf'): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { ...(w.metadata ?? {}), name };
  return w;
}
const ok: Script = () => ({ exitCode: 0 });
const phases = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.name, n.phase]));

describe('suspend, deadlines, shutdown', () => {
  it('resumes a suspend node after its duration', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: pause}
    - - {name: after, template: t}
  - name: pause
    suspend: {duration: "20s"}
  - name: t
    container: {image: busybox}
`), ok);
    const r = sim.step();
    expect(r.requeueAfterMs).toBe(20_000);
    expect(sim.node('wf[0].wait')).toMatchObject({ type: 'Suspend', phase: 'Running' });
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
  });

  it('errors a suspend node whose duration Go cannot read (1d), with Argo\'s message, instead of suspending for ever', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: pause}
  - name: pause
    suspend: {duration: 1d}
`), ok);
    const r = sim.step();
    expect(r.requeueAfterMs).toBeUndefined();
    expect(sim.node('wf[0].wait')).toMatchObject({
      type: 'Suspend', phase: 'Error', message: 'unable to parse 1d as a duration: time: unknown unit "d" in duration "1d"',
    });
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
  });

  it('fails a pod step that exceeds its timeout', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    timeout: 30s
    container: {image: busybox}
`), () => undefined);
    expect(sim.step().requeueAfterMs).toBeUndefined();
    expect(sim.step().requeueAfterMs).toBe(30_000);
    sim.now = new Date(sim.now.getTime() + 30_000);
    const r = sim.step();
    expect(r.status.phase).toBe('Failed');
    expect(r.status.message).toBe('Step exceeded its deadline');
    expect(r.actions).toContainEqual({ type: 'deletePod', name: 'wf' });
  });

  it('terminates on spec.shutdown without running the exit handler', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  onExit: t
  templates:
  - name: main
    container: {image: busybox}
  - name: t
    container: {image: busybox}
`), () => undefined);
    sim.step();
    sim.wf = { ...sim.wf, spec: { ...sim.wf.spec, shutdown: 'Terminate' } };
    const r = sim.step();
    expect(r.status.phase).toBe('Failed');
    expect(r.status.message).toBe("Stopped with strategy 'Terminate'");
    expect(sim.node('wf.onExit')).toBeUndefined();
  });

  it('stops with spec.shutdown Stop: running pods are deleted, nothing new starts, the exit handler runs', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    dag:
      failFast: false
      tasks: [{name: a, template: t}, {name: b, template: t, depends: a.Failed}, {name: c, template: t, depends: a}]
  - name: t
    container: {image: busybox}
  - name: bye
    container: {image: busybox}
`), (n) => (n === 'wf.onExit' ? { exitCode: 0 } : undefined));
    sim.step();
    sim.wf = { ...sim.wf, spec: { ...sim.wf.spec, shutdown: 'Stop' } };
    const r = sim.step();
    expect(r.actions).toContainEqual({ type: 'deletePod', name: podName('wf', 'wf.a', 't') });
    expect(phases(sim)).toMatchObject({ wf: 'Failed', 'wf.a': 'Failed' });
    expect(sim.node('wf.a')!.message).toBe("Stopped with strategy 'Stop'");
    expect(sim.node('wf.b')).toBeUndefined();
    sim.run();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('wf.onExit')!.phase).toBe('Succeeded');
  });

  it('creates no pods while spec.suspend is set', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  suspend: true
  templates:
  - name: main
    container: {image: busybox}
`), ok);
    expect(sim.step().actions.filter((a) => a.type === 'createPod')).toEqual([]);
  });

  it('stops daemoned steps when their template finishes', () => {
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
    sim.pods.set(server, runningPod(sim.pods.get(server)!));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf[0].server')).toMatchObject({ phase: 'Succeeded', daemoned: true });
    expect(sim.pods.has(server)).toBe(false);
  });

  it('does not hold a DAG open for a running daemon task, and stops it when the DAG finishes', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: server, template: daemon}
      - {name: client, template: t, depends: server}
  - name: daemon
    daemon: true
    container: {image: nginx}
  - name: t
    container: {image: busybox}
`), (n) => (n.endsWith('server') ? undefined : { exitCode: 0 }));
    sim.step();
    const server = podName('wf', 'wf.server', 'daemon');
    sim.pods.set(server, runningPod(sim.pods.get(server)!));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf.client')).toMatchObject({ phase: 'Succeeded' });
    expect(sim.node('wf.server')).toMatchObject({ phase: 'Succeeded', daemoned: true });
    expect(sim.pods.has(server)).toBe(false);
  });
});
