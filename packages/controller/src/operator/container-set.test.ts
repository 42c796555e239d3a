import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { Annotations, Env } from '@argo-ts/spec';
import type { Workflow } from './model.js';
import { nodeId } from '@argo-ts/lang';
import { Simulator } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}
const graph = () => wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - {name: a, image: argoproj/argosay:v2}
      - {name: b, image: argoproj/argosay:v2, dependencies: [a]}
      - {name: c, image: argoproj/argosay:v2, dependencies: [a]}
      - {name: d, image: argoproj/argosay:v2, dependencies: [b, c]}
`);
const byName = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.name, n]));
type State = 'run' | 'wait' | number;
function withStatuses(pod: V1Pod, states: Record<string, State>, outputs?: object): V1Pod {
  const st = (name: string, s: State): V1ContainerStatus => ({
    name, ready: s === 'run', restartCount: 0, image: '', imageID: '',
    state: s === 'run' ? { running: {} } : s === 'wait' ? { waiting: { reason: 'PodInitializing' } } : { terminated: { exitCode: s } },
  });
  const allDone = Object.values(states).every((s) => typeof s === 'number');
  return {
    ...pod,
    metadata: { ...pod.metadata, annotations: { ...pod.metadata!.annotations, ...(outputs ? { [Annotations.outputs]: JSON.stringify(outputs) } : {}) } },
    status: { phase: allDone ? (Object.values(states).some((s) => s !== 0) ? 'Failed' : 'Succeeded') : 'Running', containerStatuses: Object.entries(states).map(([n, s]) => st(n, s)) },
  };
}

describe('containerSet', () => {
  it('runs one pod with a Container node per container, linked as the dependency graph', () => {
    const sim = new Simulator(graph(), () => undefined);
    sim.step();
    expect(sim.created).toHaveLength(1);
    const pod = sim.pods.get(sim.created[0]!)!;
    expect(pod.spec!.containers.map((c) => c.name)).toEqual(['wait', 'a', 'b', 'c', 'd']);
    const n = byName(sim);
    expect(n['wf']).toMatchObject({ type: 'Pod', phase: 'Pending' });
    for (const c of ['a', 'b', 'c', 'd']) expect(n[`wf.${c}`]).toMatchObject({ type: 'Container', phase: 'Pending', displayName: c, templateName: 'main' });
    const id = (c: string) => nodeId('wf', `wf.${c}`);
    expect(n['wf']!.children).toEqual([id('a')]);
    expect(n['wf.a']!.children).toEqual([id('b'), id('c')]);
    expect(n['wf.b']!.children).toEqual([id('d')]);
    expect(n['wf.c']!.children).toEqual([id('d')]);
  });

  it('follows each container, and succeeds when all have exited 0 and wait is done', () => {
    const sim = new Simulator(graph(), () => undefined);
    sim.step();
    const name = sim.created[0]!;
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 'run', a: 0, b: 'run', c: 0, d: 'wait' }));
    sim.step();
    let n = byName(sim);
    expect([n['wf']!.phase, n['wf.a']!.phase, n['wf.b']!.phase, n['wf.c']!.phase, n['wf.d']!.phase]).toEqual(['Running', 'Succeeded', 'Running', 'Succeeded', 'Pending']);
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 'run', a: 0, b: 0, c: 0, d: 0 }));
    sim.step();
    expect(byName(sim)['wf']!.phase).toBe('Running');
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 0, a: 0, b: 0, c: 0, d: 0 }, { exitCode: '0' }));
    sim.step();
    n = byName(sim);
    expect(sim.wf.status!.phase).toBe('Succeeded');
    for (const c of ['wf', 'wf.a', 'wf.b', 'wf.c', 'wf.d']) expect(n[c]!.phase).toBe('Succeeded');
  });

  it('fails the node when any container fails, naming it', () => {
    const sim = new Simulator(graph(), () => undefined);
    sim.step();
    const name = sim.created[0]!;
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 0, a: 0, b: 2, c: 0, d: 1 }, { exitCode: '2' }));
    sim.step();
    const n = byName(sim);
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(n['wf']).toMatchObject({ phase: 'Failed', message: 'container b: Error (exit code 2)' });
    expect(n['wf.b']).toMatchObject({ phase: 'Failed', message: 'Error (exit code 2)' });
    expect(n['wf.c']!.phase).toBe('Succeeded');
    expect(n['wf.d']!.phase).toBe('Failed');
  });

  it('takes the outputs the executor reported from main', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    volumes: [{name: workspace, emptyDir: {}}]
    containerSet:
      volumeMounts: [{name: workspace, mountPath: /workspace}]
      containers:
      - {name: a, image: argoproj/argosay:v2, args: [echo, hi, /workspace/out]}
      - {name: main, image: argoproj/argosay:v2}
    outputs:
      parameters: [{name: out, valueFrom: {path: /workspace/out}}]
`), () => undefined);
    sim.step();
    const name = sim.created[0]!;
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 0, a: 0, main: 0 }, { exitCode: '0', parameters: [{ name: 'out', value: 'hi' }] }));
    sim.step();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(byName(sim)['wf']!.outputs).toEqual({ exitCode: '0', parameters: [{ name: 'out', value: 'hi' }] });
  });

  it('finishes the Container nodes when the pod is gone', () => {
    const sim = new Simulator(graph(), () => undefined);
    sim.step();
    const name = sim.created[0]!;
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 'run', a: 'run', b: 'wait', c: 'wait', d: 'wait' }));
    sim.step();
    sim.pods.delete(name);
    sim.step();
    const n = byName(sim);
    expect(n['wf']).toMatchObject({ phase: 'Error', message: 'pod deleted' });
    for (const c of ['a', 'b', 'c', 'd']) expect(n[`wf.${c}`]!.phase).toBe('Error');
    expect(sim.wf.status!.phase).toBe('Error');
  });

  it.each([
    ['an unknown dependency', '[{name: a, image: x, command: [x], dependencies: [z]}]', "templates.main.containerSet.containers[0].dependencies: unknown container 'z'"],
    ['a cycle', '[{name: a, image: x, command: [x], dependencies: [b]}, {name: b, image: x, command: [x], dependencies: [a]}]', 'templates.main.containerSet.containers: dependency cycle a -> b -> a'],
    ['a duplicate name', '[{name: a, image: x, command: [x]}, {name: a, image: x, command: [x]}]', "templates.main.containerSet.containers[1].name: duplicate container 'a'"],
    ['a reserved name', '[{name: wait, image: x, command: [x]}]', "templates.main.containerSet.containers[0].name: 'wait' is reserved for the executor"],
  ])('errors the node on %s, creating no pod', (_what, containers, message) => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers: ${containers}
`), () => undefined);
    sim.step();
    expect(sim.created).toEqual([]);
    expect(byName(sim)['wf']).toMatchObject({ phase: 'Error', message });
  });
  it('with a template retryStrategy retries the whole pod, each attempt with its own Container nodes', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy: {limit: 2}
    containerSet:
      containers:
      - {name: a, image: argoproj/argosay:v2}
      - {name: main, image: argoproj/argosay:v2, dependencies: [a]}
`), () => undefined);
    sim.step();
    expect(sim.created).toHaveLength(1);
    const first = sim.created[0]!;
    sim.pods.set(first, withStatuses(sim.pods.get(first)!, { wait: 0, a: 3, main: 1 }, { exitCode: '1' }));
    sim.step();
    let n = byName(sim);
    expect(n['wf(0)']).toMatchObject({ type: 'Pod', phase: 'Failed', message: 'container a: Error (exit code 3)' });
    expect([n['wf(0).a']!.phase, n['wf(0).main']!.phase]).toEqual(['Failed', 'Failed']);
    expect(n['wf']).toMatchObject({ type: 'Retry', phase: 'Running' });
    expect(sim.created).toHaveLength(2);
    const second = sim.created[1]!;
    expect(second).not.toBe(first);
    expect(n['wf(1)']).toMatchObject({ type: 'Pod', phase: 'Pending' });
    expect(n['wf(1)']!.children).toEqual([nodeId('wf', 'wf(1).a')]);
    expect(n['wf(1).main']).toMatchObject({ type: 'Container', phase: 'Pending' });
    expect(n['wf']!.children).toEqual([nodeId('wf', 'wf(0)'), nodeId('wf', 'wf(1)')]);
    sim.pods.set(second, withStatuses(sim.pods.get(second)!, { wait: 0, a: 0, main: 0 }, { exitCode: '0' }));
    sim.step();
    n = byName(sim);
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect([n['wf']!.phase, n['wf(1)']!.phase, n['wf(1).a']!.phase, n['wf(1).main']!.phase]).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    expect(sim.created).toHaveLength(2);
  });

  it('leaves containerSet.retryStrategy to the emissary: one pod, the retries in its containers\' env', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      retryStrategy: {retries: "3", duration: 2s}
      containers:
      - {name: a, image: argoproj/argosay:v2}
      - {name: main, image: argoproj/argosay:v2, dependencies: [a]}
`), () => undefined);
    sim.step();
    const name = sim.created[0]!;
    for (const c of ['a', 'main']) {
      const env = sim.pods.get(name)!.spec!.containers.find((x) => x.name === c)!.env!;
      expect(env).toContainEqual({ name: Env.containerRetries, value: '3' });
      expect(env).toContainEqual({ name: Env.containerRetryDelay, value: '2' });
    }
    // The emissary has used up its retries: the pod's failure is final.
    sim.pods.set(name, withStatuses(sim.pods.get(name)!, { wait: 0, a: 0, main: 1 }, { exitCode: '1' }));
    sim.step();
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(byName(sim)['wf']).toMatchObject({ type: 'Pod', phase: 'Failed', message: 'container main: Error (exit code 1)' });
    expect(sim.created).toEqual([name]);
  });

  it('errors the node on a bad containerSet.retryStrategy, creating no pod', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      retryStrategy: {retries: many}
      containers: [{name: main, image: x, command: [x]}]
`), () => undefined);
    sim.step();
    expect(sim.created).toEqual([]);
    expect(byName(sim)['wf']).toMatchObject({ phase: 'Error', message: "templates.main.containerSet.retryStrategy.retries: expected a non-negative integer, got 'many'" });
  });
});
