import { missingTemplateRefs } from './references.js';

const wf = (spec: Record<string, unknown>) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w' }, spec });

describe('missingTemplateRefs', () => {
  it('lists referenced template objects that are not among the objects, once each', () => {
    const objects = [
      wf({
        entrypoint: 'main',
        onExit: 'main',
        templates: [{
          name: 'main',
          steps: [[
            { name: 'a', templateRef: { name: 'lib', template: 'x' } },
            { name: 'b', templateRef: { name: 'shared', template: 'y', clusterScope: true } },
            { name: 'c', templateRef: { name: 'lib', template: 'z' } },
            { name: 'd', templateRef: { name: 'here', template: 'z' } },
          ]],
        }],
      }),
      wf({ workflowTemplateRef: { name: 'whole' } }),
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'here' }, spec: { templates: [] } },
    ];
    expect(missingTemplateRefs(objects)).toEqual([
      { name: 'lib', clusterScope: false },
      { name: 'shared', clusterScope: true },
      { name: 'whole', clusterScope: false },
    ]);
  });
});
