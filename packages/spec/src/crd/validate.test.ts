import { KINDS } from '../schema/kinds.js';
import { kindSchema } from './schemas.js';
import { validateStructural } from './validate.js';

const wf = (spec: Record<string, unknown>) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w' }, spec });

describe('validateStructural', () => {
  const schema = kindSchema(KINDS.Workflow);

  it('accepts a valid workflow, with any status', () => {
    const ok = wf({ entrypoint: 'm', templates: [{ name: 'm', container: { image: 'x', unknownK8s: 1 } }] });
    expect(validateStructural(schema, { ...ok, status: { anything: [1] } })).toEqual([]);
  });

  it('reports unknown fields like the API server', () => {
    const bad = wf({ entrypoint: 'm', templates: [{ name: 'm', contaner: {} }] });
    expect(validateStructural(schema, bad).map((i) => i.message)).toEqual(['unknown field "spec.templates[0].contaner"']);
  });

  it('reports wrong types, int-or-string and required fields', () => {
    const bad = wf({
      entrypoint: 3,
      arguments: { parameters: [{ value: 'x' }] },
      templates: [{ name: 'm', retryStrategy: { limit: true } }],
    });
    expect(validateStructural(schema, bad).map((i) => `${i.kind} ${i.path}`)).toEqual([
      'type .spec.entrypoint',
      'required .spec.arguments.parameters[0].name',
      'type .spec.templates[0].retryStrategy.limit',
    ]);
  });

  it('ignores nulls and accepts YAML scalars where Argo takes any string', () => {
    const doc = wf({ entrypoint: null, arguments: { parameters: [{ name: 'n', value: 3 }, { name: 'b', value: true }] } });
    expect(validateStructural(schema, doc)).toEqual([]);
  });

  it('reports an unknown top-level field', () => {
    expect(validateStructural(schema, { ...wf({}), extra: 1 }).map((i) => i.message)).toEqual(['unknown field "extra"']);
  });
});
