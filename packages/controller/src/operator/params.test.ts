/**
 * Input parameters: a declared value or default is substituted with the
 * template's inputs in scope (R1, steps-when-expr-filter), not only with the
 * workflow's variables.
 */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator, type Script } from './testing/simulator.js';

function wf(yaml: string): Workflow {
  const w = parse(yaml) as Workflow;
  w.metadata = { name: 'wf' };
  return w;
}
const ok: Script = () => ({ exitCode: 0 });
const inputsOf = (sim: Simulator, node: string) =>
  Object.fromEntries((sim.node(node)!.inputs?.parameters ?? []).map((p) => [p.name, p.value]));

describe('input parameter values that use other inputs', () => {
  it('runs the steps-when-expr-filter shape: a list input built by an expression over a sibling input', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  templates:
  - name: main
    inputs:
      parameters:
      - {name: test, value: 'true'}
      - name: list
        value: "{{= concat(['always'], inputs.parameters.test == 'true' ? ['test'] : []) | toJSON() }}"
    steps:
    - - name: fst
        template: run
        when: |
          "{{= get(item, 'type') ?? 'always' }}"
          in
          ("{{= inputs.parameters.list | fromJSON() | join('","') }}","")
        withParam: '[{"name": "first", "type": ""}, {"name": "second", "type": "always"}, {"name": "third", "type": "test"}, {"name": "fourth"}]'
        arguments:
          parameters:
          - {name: name, value: "{{ item.name }}{{ inputs.parameters.list }}"}
  - name: run
    inputs:
      parameters:
      - name: name
    container: {image: busybox, command: [echo, '{{inputs.parameters.name}}']}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(JSON.parse(inputsOf(sim, 'wf').list!)).toEqual(['always', 'test']);
    const children = Object.values(sim.wf.status!.nodes!).filter((n) => n.type === 'Pod');
    expect(children.map((n) => n.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
    // expr's toJSON indents, so compare the parsed list after the item name.
    const names = children.map((n) => /^([a-z]+)(\[[\s\S]*\])$/.exec(String(n.inputs!.parameters![0]!.value))!);
    expect(names.map((m) => m[1]).sort()).toEqual(['first', 'fourth', 'second', 'third']);
    for (const m of names) expect(JSON.parse(m[2]!)).toEqual(['always', 'test']);
  });

  it('sees earlier inputs as resolved and later ones as declared; arguments win', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: main
  arguments: {parameters: [{name: g, value: G}]}
  templates:
  - name: main
    steps:
    - - name: s
        template: t
        arguments: {parameters: [{name: c, value: from-arg}]}
  - name: t
    inputs:
      parameters:
      - {name: a, value: '{{workflow.parameters.g}}-a'}
      - {name: b, default: '{{inputs.parameters.a}}+{{inputs.parameters.c}}+{{inputs.parameters.d}}'}
      - {name: c, value: never}
      - {name: d, value: '{{workflow.parameters.g}}-d'}
    container: {image: busybox, command: [echo]}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(inputsOf(sim, 'wf[0].s')).toEqual({ a: 'G-a', b: 'G-a+from-arg+G-d', c: 'from-arg', d: 'G-d' });
  });

  it('still fails on an input that names no declared input', () => {
    const sim = new Simulator(wf(`
spec:
  entrypoint: t
  templates:
  - name: t
    inputs:
      parameters:
      - {name: a, value: '{{inputs.parameters.nope}}'}
    container: {image: busybox, command: [echo]}
`), ok);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Error');
    expect(sim.wf.status!.message).toMatch(/inputs\.parameters\.nope/);
  });
});
