/**
 * `Parameter.enum` on a template's inputs: a value from the caller outside the enum errors that
 * node with the reason (the workflow goes on as Argo's does with a node error); a value inside runs.
 * (`spec.arguments` enums are refused before the run, by the lint: spec/src/lint/lint.test.ts.)
 */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import { Simulator, declaredOutputs } from './testing/simulator.js';

function wf(value: string): Workflow {
  return {
    ...(parse(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: deploy, template: deploy, arguments: {parameters: [{name: env, value: '${value}'}]}}
  - name: deploy
    inputs:
      parameters:
      - name: env
        enum: [dev, prod]
    container: {image: alpine, command: [echo, '{{inputs.parameters.env}}']}
`) as Workflow),
    metadata: { name: 'wf' },
  };
}

describe('an input parameter with an enum', () => {
  it('runs the step with a value among the enum', () => {
    const sim = new Simulator(wf('prod'), declaredOutputs);
    sim.run();
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.node('wf[0].deploy')!.inputs!.parameters).toEqual([{ name: 'env', enum: ['dev', 'prod'], value: 'prod' }]);
  });

  it('errors the step with the reason for a value outside it, and creates no pod', () => {
    const sim = new Simulator(wf('test'), declaredOutputs);
    sim.run();
    expect(sim.node('wf[0].deploy')).toMatchObject({ phase: 'Error', message: "value 'test' of inputs.parameters.env is not in its enum [dev, prod]" });
    expect(sim.created).toEqual([]);
    expect(['Failed', 'Error']).toContain(sim.wf.status!.phase);
  });
});
