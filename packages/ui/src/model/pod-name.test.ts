import { describe, expect, it } from '@jest/globals';
import { fnv32a, podName } from './pod-name';
import { loadWorkflow } from './testdata/load';

describe('podName', () => {
  const wf = loadWorkflow('retries');
  const nodes = wf.status!.nodes!;

  // Pod names as the local cluster's `argo logs retries` printed them.
  it.each([
    ['retries-608228769', 'retries-ok-608228769'],
    ['retries-1573394138', 'retries-fail-1573394138'],
    ['retries-969252759', 'retries-fail-969252759'],
  ])('node %s ran in pod %s', (id, pod) => {
    expect(podName(wf, nodes[id]!)).toBe(pod);
  });

  it('names the root pod as the workflow and uses node IDs for v1 names', () => {
    expect(podName({ metadata: { name: 'hello' } }, { id: 'hello', name: 'hello', templateName: 'main' })).toBe('hello');
    const v1 = { metadata: { name: 'w', annotations: { 'workflows.argoproj.io/pod-name-format': 'v1' } } };
    expect(podName(v1, { id: 'w-123', name: 'w.a', templateName: 't' })).toBe('w-123');
  });

  it('hashes UTF-8 bytes as FNV-1a 32', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('retries[0].first')).toBe(608228769);
  });
});
