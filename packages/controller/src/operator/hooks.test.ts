import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'coe' };
  return w;
}
const displayNames = (sim: Simulator) => Object.fromEntries(Object.values(sim.wf.status!.nodes!).map((n) => [n.name, n.displayName]));

describe('hook and exit-handler display names', () => {
  it('trims the boundary and the [i]. from a step\'s exit handler, as Argo\'s template-on-exit example shows', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: step-template
  onExit: exit-container
  templates:
  - name: step-template
    steps:
    - - {name: stepA, template: hello-world, hooks: {exit: {template: exit-container}}}
    - - {name: stepB, template: hello-world, onExit: exit-container}
    - - {name: loop, template: inner, withItems: [x]}
  - name: inner
    steps:
    - - {name: deep, template: hello-world, onExit: exit-container}
  - name: hello-world
    container: {image: busybox}
  - name: exit-container
    container: {image: busybox}
`), () => ({ exitCode: 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(displayNames(sim)).toEqual({
      'coe': 'coe',
      'coe[0]': '[0]',
      'coe[0].stepA': 'stepA',
      'coe[0].stepA.onExit': 'stepA.onExit',
      'coe[1]': '[1]',
      'coe[1].stepB': 'stepB',
      'coe[1].stepB.onExit': 'stepB.onExit',
      'coe[2]': '[2]',
      'coe[2].loop(0:x)': 'loop(0:x)',
      'coe[2].loop(0:x)[0]': '[0]',
      'coe[2].loop(0:x)[0].deep': 'deep',
      'coe[2].loop(0:x)[0].deep.onExit': 'deep.onExit',
      // The workflow's own exit handler has no boundary: its full name.
      'coe.onExit': 'coe.onExit',
    });
  });

  it('trims the boundary and the . from a DAG task\'s exit and expression hooks', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  hooks:
    running: {expression: 'workflow.status == "Running"', template: t}
  templates:
  - name: main
    dag:
      tasks:
      - name: a
        template: t
        hooks:
          exit: {template: t}
          started: {expression: 'tasks.a.status == "Succeeded"', template: t}
  - name: t
    container: {image: busybox}
`), () => ({ exitCode: 0 }));
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(displayNames(sim)).toEqual({
      'coe': 'coe',
      'coe.a': 'a',
      'coe.a.onExit': 'a.onExit',
      'coe.a.hooks.started': 'a.hooks.started',
      'coe.hooks.running': 'coe.hooks.running',
    });
  });
});
