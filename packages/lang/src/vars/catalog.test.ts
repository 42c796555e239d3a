import { LIFECYCLE_VARIABLES, WORKFLOW_PREFIXES, WORKFLOW_VARIABLES, workflowLookup, type WorkflowFacts } from './catalog.js';

const facts: WorkflowFacts = {
  name: 'wf', namespace: 'ns', uid: 'u-1', entrypoint: 'main', serviceAccountName: 'sa', priority: 3,
  creationTimestamp: '2024-03-05T10:00:00Z', startedAt: '2024-03-05T10:00:00Z', now: new Date('2024-03-05T10:01:30Z'),
  labels: { app: 'x' }, annotations: { 'workflows.argoproj.io/scheduled-time': '2024-03-05T09:59:00Z' },
  parameters: [{ name: 'p', value: 'v' }],
  runtime: { 'workflow.status': 'Succeeded', 'workflow.failures': '[]' },
  outputParameter: (n) => (n === 'g' ? 'G' : undefined),
};

describe('the workflow variable catalog', () => {
  it('resolves every name it lists, so the lint never accepts a name the operator cannot fill', () => {
    const lookup = workflowLookup(facts);
    for (const name of [...WORKFLOW_VARIABLES, ...LIFECYCLE_VARIABLES]) expect([name, lookup(name)]).not.toEqual([name, undefined]);
    for (const [prefix, sample] of [[WORKFLOW_PREFIXES[0], 'workflows.argoproj.io/scheduled-time'], [WORKFLOW_PREFIXES[1], 'app'], [WORKFLOW_PREFIXES[2], 'Y']]) {
      expect(lookup(`${prefix}${sample}`)).toBeDefined();
    }
  });

  it('gives Argo\'s values', () => {
    const lookup = workflowLookup(facts);
    expect(lookup('workflow.scheduledTime')).toBe('2024-03-05T09:59:00Z');
    expect(lookup('workflow.duration')).toBe('90');
    expect(lookup('workflow.parameters.p')).toBe('v');
    expect(lookup('workflow.parameters')).toBe('[{"name":"p","value":"v"}]');
    expect(lookup('workflow.labels')).toEqual({ app: 'x' });
    expect(lookup('workflow.labels.json')).toBe('{"app":"x"}');
    expect(lookup('workflow.creationTimestamp.Y')).toBe('2024');
    expect(lookup('workflow.outputs.parameters.g')).toBe('G');
    expect(lookup('workflow.priority')).toBe('3');
    expect(lookup('workflow.nope')).toBeUndefined();
  });

  it('has no scheduledTime outside a CronWorkflow run', () => {
    expect(workflowLookup({ ...facts, annotations: {} })('workflow.scheduledTime')).toBeUndefined();
  });
});
