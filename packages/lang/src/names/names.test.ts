import { fnv32a, nodeId, podName, podNameOfNode } from './names.js';

describe('names', () => {
  it('fnv32a matches the Go hash/fnv New32a reference values', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
    expect(fnv32a('é')).toBe(fnv32a('\u00e9'));
  });

  it('derives node IDs and v2 pod names as Argo does', () => {
    expect(nodeId('wf', 'wf')).toBe('wf');
    expect(nodeId('wf', 'wf[0].a')).toBe(`wf-${fnv32a('wf[0].a')}`);
    expect(podName('wf', 'wf', 'main')).toBe('wf');
    expect(podName('wf', 'wf[0].a', 'echo')).toBe(`wf-echo-${fnv32a('wf[0].a')}`);
    expect(podName('w'.repeat(300), 'n', 't')).toBe(`${'w'.repeat(242)}-${fnv32a('n')}`);
  });

  it('honours the v1 pod name format', () => {
    const node = { id: 'wf-123', name: 'wf[0].a', templateName: 'echo' };
    expect(podNameOfNode({ name: 'wf' }, node)).toBe(`wf-echo-${fnv32a('wf[0].a')}`);
    expect(podNameOfNode({ name: 'wf', annotations: { 'workflows.argoproj.io/pod-name-format': 'v1' } }, node)).toBe('wf-123');
  });
});
