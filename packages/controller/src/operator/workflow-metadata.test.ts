/** `spec.workflowMetadata`: labels, annotations and `labelsFrom` expressions reach the Workflow. */
import { parse } from 'yaml';
import type { Workflow, WorkflowTemplate } from './model.js';
import { operate } from './operate.js';
import { emptyContext, testConfig } from './testing/simulator.js';

const NOW = new Date('2026-01-01T00:00:00Z');
function wf(yaml: string): Workflow {
  return { ...(parse(yaml) as Workflow), metadata: { name: 'wf', namespace: 'default', labels: { mine: 'kept' } } };
}

describe('spec.workflowMetadata', () => {
  it('labels and annotates the workflow, labelsFrom evaluated over its variables', () => {
    const r = operate(wf(`
spec:
  entrypoint: main
  arguments: {parameters: [{name: env, value: prod}]}
  workflowMetadata:
    labels: {team: data}
    annotations: {owner: alice}
    labelsFrom:
      env: {expression: workflow.parameters.env}
      named: {expression: "'wf-' + workflow.name"}
  templates:
  - name: main
    container: {image: alpine, command: [echo]}
`), [], NOW, testConfig, emptyContext());
    expect(r.labels).toEqual({
      team: 'data', env: 'prod', named: 'wf-wf',
      'workflows.argoproj.io/phase': 'Running', 'workflows.argoproj.io/completed': 'false',
    });
    expect(r.annotations).toEqual({ owner: 'alice' });
  });

  it('comes from the referenced WorkflowTemplate too', () => {
    const ctx = emptyContext();
    ctx.workflowTemplates.set('tpl', parse(`
metadata: {name: tpl}
spec:
  workflowMetadata:
    labelsFrom:
      stage: {expression: "workflow.parameters.stage == 'p' ? 'production' : 'other'"}
  arguments: {parameters: [{name: stage, value: p}]}
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine, command: [echo]}
`) as WorkflowTemplate);
    const r = operate(wf('spec: {workflowTemplateRef: {name: tpl}}'), [], NOW, testConfig, ctx);
    expect(r.status.phase).toBe('Running');
    expect(r.labels).toMatchObject({ stage: 'production' });
    expect(r.annotations).toBeUndefined();
  });

  it.each([
    ['an expression that fails', 'nope.x', /^failed to evaluate label "bad" expression "nope.x": [^f]/],
    ['an expression that is not a string', '1 + 1', /^label "bad" expression "1 \+ 1" must return a string, got 2$/],
  ])('errors the workflow on %s', (_what, expression, message) => {
    const r = operate(wf(`
spec:
  entrypoint: main
  workflowMetadata:
    labelsFrom:
      bad: {expression: "${expression}"}
  templates:
  - name: main
    container: {image: alpine, command: [echo]}
`), [], NOW, testConfig, emptyContext());
    expect(r.status.phase).toBe('Error');
    expect(r.status.message).toMatch(message);
    expect(r.actions.filter((a) => a.type === 'createPod')).toEqual([]);
  });
});
