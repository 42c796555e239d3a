/** `dag.target`: only the named tasks and what they depend on run; and `continueOn.error` for steps and tasks. */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator, type Script } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}
const ok: Script = () => ({ exitCode: 0 });
const phases = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.name, n.phase]));

describe('dag.target', () => {
  const DAG = (target: string) => wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      target: ${target}
      tasks:
      - {name: A, template: t}
      - {name: B, template: t, depends: A}
      - {name: C, template: t, depends: A}
      - {name: D, template: t, depends: B}
  - name: t
    container: {image: busybox}
`);

  it('runs the targets and their dependencies only', () => {
    const sim = new Simulator(DAG('"B"'), ok);
    sim.run();
    expect(phases(sim)).toEqual({ wf: 'Succeeded', 'wf.A': 'Succeeded', 'wf.B': 'Succeeded' });
  });

  it('takes several targets separated by spaces', () => {
    const sim = new Simulator(DAG('"C D"'), ok);
    sim.run();
    expect(phases(sim)).toEqual({ wf: 'Succeeded', 'wf.A': 'Succeeded', 'wf.B': 'Succeeded', 'wf.C': 'Succeeded', 'wf.D': 'Succeeded' });
    expect(sim.created).toHaveLength(4);
  });

  it('errors the DAG on a target that is not a task', () => {
    const sim = new Simulator(DAG('"Z"'), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Error');
    expect(sim.created).toEqual([]);
    expect(JSON.stringify(sim.wf.status)).toContain("target 'Z' is not a task");
  });
});

describe('continueOn.error', () => {
  it('a step whose pod errors lets the steps go on and the workflow succeed; continueOn.failed alone does not', () => {
    const steps = (continueOn: string) => wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: t, continueOn: ${continueOn}}
    - - {name: b, template: t}
  - name: t
    container: {image: busybox}
`);
    const lost: Script = (name) => (name === 'wf[0].a' ? { podFailure: 'node lost' } : { exitCode: 0 });
    const on = new Simulator(steps('{error: true}'), lost);
    on.run();
    expect(phases(on)).toMatchObject({ wf: 'Succeeded', 'wf[0].a': 'Error', 'wf[1].b': 'Succeeded' });
    const off = new Simulator(steps('{failed: true}'), lost);
    off.run();
    expect(off.wf.status!.phase).toBe('Failed');
    expect(phases(off)['wf[1].b']).toBeUndefined();
  });

  it('a DAG task whose pod errors lets its dependents (by `dependencies`, which honours continueOn) run', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: d
  templates:
  - name: d
    dag:
      tasks:
      - {name: a, template: t, continueOn: {error: true}}
      - {name: b, template: t, dependencies: [a]}
  - name: t
    container: {image: busybox}
`), (name) => (name === 'wf.a' ? { podFailure: 'node lost' } : { exitCode: 0 }));
    sim.run();
    expect(phases(sim)).toEqual({ wf: 'Succeeded', 'wf.a': 'Error', 'wf.b': 'Succeeded' });
  });
});
