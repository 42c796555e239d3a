import { describe, expect, it } from '@jest/globals';
import { parameterArgs, readWorkflowManifest } from './manifest';

describe('readWorkflowManifest', () => {
  it('reads a workflow and fills apiVersion and kind', () => {
    const r = readWorkflowManifest('metadata:\n  generateName: hi-\n  namespace: team\nspec:\n  entrypoint: main\n');
    expect(r).toEqual({ ok: true, namespace: 'team', workflow: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'hi-', namespace: 'team' }, spec: { entrypoint: 'main' } } });
  });

  it.each([
    ['', 'Paste a Workflow manifest first.'],
    ['kind: Workflow\nmetadata: {name: a}\nspec: {}\nspec: {}\n', 'YAML error at line 4: Map keys must be unique'],
    ['- 1\n', 'Expected a mapping (a Workflow object) at the top level.'],
    ['kind: WorkflowTemplate\nmetadata: {name: a}\nspec: {}\n', 'kind: expected Workflow, got "WorkflowTemplate".'],
    ['metadata: {labels: {}}\nspec: {}\n', 'metadata: set name or generateName.'],
    ['metadata: {name: a}\n', 'spec: expected a mapping.'],
    ['metadata: {name: a}\nspec: {}\n---\nmetadata: {name: b}\nspec: {}\n', 'Expected one document, found 2.'],
  ])('%j → %s', (text, want) => {
    const r = readWorkflowManifest(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(want);
  });

  it('passes parameters as name=value', () => {
    expect(parameterArgs({ a: '1', b: 'x=y' })).toEqual(['a=1', 'b=x=y']);
  });
});
