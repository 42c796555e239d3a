import { describe, expect, it } from '@jest/globals';
import { applyEvent, sortWorkflows } from './list';
import type { Workflow } from './types';

const wf = (name: string, created: string, rv: string, phase?: string): Workflow =>
  ({ metadata: { name, namespace: 'ns', creationTimestamp: created, resourceVersion: rv }, spec: {}, ...(phase ? { status: { phase } } : {}) }) as Workflow;

describe('the live list', () => {
  const a = wf('a', '2026-01-01T00:00:00Z', '1');
  const b = wf('b', '2026-01-01T00:00:05Z', '2');

  it('sorts newest first', () => {
    expect(sortWorkflows([a, b]).map((w) => w.metadata.name)).toEqual(['b', 'a']);
  });

  it('adds, replaces and deletes by namespace/name', () => {
    let list = applyEvent([a], { type: 'ADDED', object: b });
    expect(list.map((w) => w.metadata.name)).toEqual(['b', 'a']);
    list = applyEvent(list, { type: 'MODIFIED', object: wf('a', '2026-01-01T00:00:00Z', '3', 'Succeeded') });
    expect(list.map((w) => [w.metadata.name, w.status?.phase])).toEqual([['b', undefined], ['a', 'Succeeded']]);
    list = applyEvent(list, { type: 'DELETED', object: b });
    expect(list.map((w) => w.metadata.name)).toEqual(['a']);
  });

  it('ignores an event older than the object held', () => {
    const held = [wf('a', '2026-01-01T00:00:00Z', '9', 'Succeeded')];
    expect(applyEvent(held, { type: 'MODIFIED', object: wf('a', '2026-01-01T00:00:00Z', '4', 'Running') })).toBe(held);
  });
});
