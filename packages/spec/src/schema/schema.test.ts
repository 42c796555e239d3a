import { ARGO_KINDS, KINDS, kindForResource, schemaForKind, WorkflowSchema, type Workflow } from './index.js';

function wf(templates: unknown[], extraSpec: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'w-' },
    spec: { entrypoint: 'main', templates, ...extraSpec },
  };
}

const hello = { name: 'main', container: { image: 'busybox', command: ['echo', 'hi'] } };

function issuePaths(input: unknown): string[] {
  const r = WorkflowSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.code}@${i.path.join('.')}`);
}

function messages(input: unknown): string[] {
  const r = WorkflowSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('WorkflowSchema', () => {
  it('accepts a minimal workflow and types it', () => {
    const parsed: Workflow = WorkflowSchema.parse(wf([hello]));
    expect(parsed.spec.templates?.[0]?.container?.image).toBe('busybox');
  });

  it('turns YAML numbers and booleans in parameter values into strings (AnyString)', () => {
    const parsed = WorkflowSchema.parse(
      wf([hello], {
        arguments: {
          parameters: [
            { name: 'n', value: 3 },
            { name: 'b', default: true, enum: [1, 'x', false] },
          ],
        },
      }),
    );
    const [n, b] = parsed.spec.arguments!.parameters!;
    expect(n!.value).toBe('3');
    expect(b!.default).toBe('true');
    expect(b!.enum).toEqual(['1', 'x', 'false']);
  });

  it('rejects an unknown field in an Argo object, naming its path', () => {
    const bad = wf([{ name: 'main', contaner: { image: 'busybox' } }]);
    expect(issuePaths(bad)).toEqual(['unrecognized_keys@spec.templates.0']);
  });

  it('rejects an unknown field deep inside an inline template', () => {
    const bad = wf([
      {
        name: 'main',
        steps: [[{ name: 's', inline: { steps: [[{ name: 't', inline: { container: { image: 'x' }, retries: 2 } }]] } }]],
      },
    ]);
    expect(issuePaths(bad)).toEqual(['unrecognized_keys@spec.templates.0.steps.0.0.inline.steps.0.0.inline']);
  });

  it('keeps unknown fields of Kubernetes types (container) as written', () => {
    const parsed = WorkflowSchema.parse(
      wf([{ name: 'main', container: { image: 'busybox', futureK8sField: { a: 1 } } }]),
    );
    expect(parsed.spec.templates![0]!.container).toEqual({ image: 'busybox', futureK8sField: { a: 1 } });
  });

  it('requires steps to be a list of parallel groups', () => {
    expect(issuePaths(wf([{ name: 'main', steps: [[{ name: 'a', template: 'x' }]] }]))).toEqual([]);
    const bad = wf([{ name: 'main', steps: [{ name: 'a', template: 'x' }] }]);
    expect(issuePaths(bad)).toEqual(['invalid_type@spec.templates.0.steps.0']);
    expect(messages(bad)).toEqual([expect.stringContaining('steps is a list of lists')]);
  });

  it('keeps IntOrString fields as written and rejects other scalars', () => {
    const parsed = WorkflowSchema.parse(
      wf([
        { ...hello, retryStrategy: { limit: '{{inputs.parameters.n}}' }, activeDeadlineSeconds: 30 },
        { name: 'b', container: { image: 'x' }, retryStrategy: { limit: 3, backoff: { factor: 2 } } },
      ]),
    );
    expect(parsed.spec.templates![0]!.retryStrategy!.limit).toBe('{{inputs.parameters.n}}');
    expect(parsed.spec.templates![0]!.activeDeadlineSeconds).toBe(30);
    expect(parsed.spec.templates![1]!.retryStrategy!.limit).toBe(3);
    expect(issuePaths(wf([{ ...hello, retryStrategy: { limit: true } }]))).toEqual([
      'invalid_union@spec.templates.0.retryStrategy.limit',
    ]);
    expect(messages(wf([{ ...hello, retryStrategy: { limit: 1.5 } }]))).toEqual(['expected an integer or a string']);
    expect(messages(wf([hello], { arguments: { parameters: [{ name: 'p', value: [1] }] } }))).toEqual([
      'expected a string, number or boolean',
    ]);
  });

  it('accepts any JSON in withItems and an expression string in withParam', () => {
    const task = (extra: object) => ({ name: 'main', dag: { tasks: [{ name: 't', template: 'x', ...extra }] } });
    expect(issuePaths(wf([task({ withItems: [1, 'a', true, { k: [1] }, [2]] })]))).toEqual([]);
    expect(issuePaths(wf([task({ withParam: '{{steps.gen.outputs.result}}' })]))).toEqual([]);
    expect(issuePaths(wf([task({ withParam: ['a'] })]))).toEqual(['invalid_type@spec.templates.0.dag.tasks.0.withParam']);
  });

  it('requires metadata, a parameter name and a DAG task name', () => {
    expect(issuePaths({ kind: 'Workflow', spec: {} })).toEqual(['invalid_type@metadata']);
    expect(issuePaths(wf([hello], { arguments: { parameters: [{ value: 'x' }] } }))).toEqual([
      'invalid_type@spec.arguments.parameters.0.name',
    ]);
    expect(issuePaths(wf([{ name: 'main', dag: { tasks: [{ template: 'x' }] } }]))).toEqual([
      'invalid_type@spec.templates.0.dag.tasks.0.name',
    ]);
  });

  it('rejects the singular mutex that Argo 4 removed', () => {
    expect(issuePaths(wf([hello], { synchronization: { mutexes: [{ name: 'm' }] } }))).toEqual([]);
    expect(issuePaths(wf([hello], { synchronization: { mutex: { name: 'm' } } }))).toEqual([
      'unrecognized_keys@spec.synchronization',
    ]);
  });

  it('accepts a key-only artifact whose bucket comes from the repository', () => {
    const tmpl = { ...hello, outputs: { artifacts: [{ name: 'a', path: '/tmp/a', gcs: { key: 'k' }, azure: {} }] } };
    expect(issuePaths(wf([tmpl]))).toEqual([]);
  });

  it('accepts a plugin template with exactly one key', () => {
    expect(issuePaths(wf([{ name: 'main', plugin: { hello: { text: 'x' } } }]))).toEqual([]);
    expect(issuePaths(wf([{ name: 'main', plugin: { a: {}, b: {} } }]))).toEqual(['custom@spec.templates.0.plugin']);
  });

  it('accepts a controller-written status with nodes', () => {
    const status = {
      phase: 'Succeeded',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: null,
      nodes: { 'w-1': { id: 'w-1', name: 'w-1', type: 'Pod', phase: 'Succeeded', outputs: { result: 'hi' } } },
      resourcesDuration: { cpu: 1, memory: 2 },
    };
    const parsed = WorkflowSchema.parse({ ...(wf([hello]) as object), status });
    expect(parsed.status?.nodes?.['w-1']?.outputs?.result).toBe('hi');
    expect(parsed.status?.startedAt).toBe('2026-01-01T00:00:00Z');
    expect(parsed.status?.finishedAt).toBeUndefined();
    expect(issuePaths({ ...(wf([hello]) as object), status: { nodes: { x: { id: 'x' } } } })).toEqual([
      'invalid_type@status.nodes.x.name',
      'invalid_value@status.nodes.x.type',
    ]);
  });
});

describe('KINDS registry', () => {
  it('maps every kind to its own schema and rejects other kinds', () => {
    for (const [kind, info] of Object.entries(KINDS)) {
      expect(info.kind).toBe(kind);
      expect(schemaForKind(kind)).toBe(info.schema);
    }
    expect(schemaForKind('ConfigMap')).toBeUndefined();
    expect(schemaForKind('toString')).toBeUndefined();
  });

  it('finds kinds by plural, singular, short name and kind', () => {
    expect(kindForResource('wf')?.kind).toBe('Workflow');
    expect(kindForResource('workflows')?.kind).toBe('Workflow');
    expect(kindForResource('cronwf')?.kind).toBe('CronWorkflow');
    expect(kindForResource('cwf')?.kind).toBe('CronWorkflow');
    expect(kindForResource('wftmpl')?.kind).toBe('WorkflowTemplate');
    expect(kindForResource('ClusterWorkflowTemplate')?.namespaced).toBe(false);
    expect(kindForResource('workflowtaskresult')?.kind).toBe('WorkflowTaskResult');
    expect(kindForResource('pods')).toBeUndefined();
  });

  it('validates a CronWorkflow and a WorkflowTaskResult', () => {
    const cron = schemaForKind('CronWorkflow')!;
    const spec = { schedules: ['* * * * *'], workflowSpec: { entrypoint: 'main', templates: [hello] } };
    expect(cron.safeParse({ metadata: { name: 'c' }, spec }).success).toBe(true);
    expect(cron.safeParse({ metadata: { name: 'c' }, spec: { ...spec, schedule: '* * * * *' } }).success).toBe(false);
    const tr = schemaForKind('WorkflowTaskResult')!;
    expect(tr.safeParse({ metadata: { name: 'n' }, phase: 'Succeeded', outputs: { result: 'x' } }).success).toBe(true);
    expect(tr.safeParse({ metadata: { name: 'n' }, spec: {} }).success).toBe(false);
  });

  it('validates a WorkflowTaskSet of HTTP templates keyed by node ID', () => {
    const ts = schemaForKind('WorkflowTaskSet')!;
    const spec = { tasks: { 'w-123': { name: 'h', http: { url: 'http://x' } } } };
    const status = { nodes: { 'w-123': { phase: 'Succeeded', outputs: { result: '{}' } } } };
    expect(ts.safeParse({ metadata: { name: 'w' }, spec, status }).success).toBe(true);
    expect(ts.safeParse({ metadata: { name: 'w' }, spec: { tasks: { x: { htp: {} } } } }).success).toBe(false);
    expect(kindForResource('wfts')?.statusSubresource).toBe(true);
  });

  it('lists the kinds in ARGO_KINDS order', () => {
    expect(Object.keys(KINDS)).toEqual([...ARGO_KINDS]);
  });
});
