/**
 * Issue 12: the lint reads an expression tag to where the expression ends, as
 * the controller substitutes it, not to the first `}}` inside a string literal.
 */
import { lintObjects } from './index.js';

function workflowWith(arg: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'wf' },
    spec: {
      entrypoint: 'main',
      arguments: { parameters: [{ name: 'x', value: '}}' }] },
      templates: [{
        name: 'main',
        inputs: { parameters: [{ name: 'x', value: '{{workflow.parameters.x}}' }] },
        container: { image: 'busybox', command: ['echo'], args: [arg] },
      }],
    },
  };
}

describe('expression tags in the lint', () => {
  it('accepts a }} inside a string literal of an expression', () => {
    expect(lintObjects([workflowWith("{{=inputs.parameters.x == '}}' ? 1 : 2}}")]).problems).toEqual([]);
  });

  it('checks the names after that }} too', () => {
    const problems = lintObjects([workflowWith("{{=inputs.parameters.x == '}}' ? inputs.parameters.nope : 2}}")]).problems;
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('inputs.parameters.nope')]);
  });
});
