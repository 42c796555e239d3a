import { gzipSync } from 'node:zlib';
import { CompressedNodesError, compressIfLarge, compressNodes, decompressNodes, hydrateWorkflow, type Nodes } from './compressed-nodes.js';

const nodes: Nodes = {
  'wf-1': { id: 'wf-1', name: 'wf', displayName: 'wf', type: 'Steps', phase: 'Running', children: ['wf-2'] },
  'wf-2': { id: 'wf-2', name: 'wf[0].a', displayName: 'a', type: 'Pod', phase: 'Succeeded', outputs: { result: 'ü'.repeat(10) } },
};

describe('compressed nodes', () => {
  it('round-trips the node map through base64 of gzipped JSON, as Argo stores it', () => {
    const text = compressNodes(nodes);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decompressNodes(text)).toEqual(nodes);
    // What Argo writes (gzip of the JSON, base64) reads back the same.
    expect(decompressNodes(gzipSync(JSON.stringify(nodes)).toString('base64'))).toEqual(nodes);
  });

  it('restores status.nodes and drops compressedNodes; a workflow without them is returned as is', () => {
    const wf = { metadata: { name: 'wf' }, status: { phase: 'Running', compressedNodes: compressNodes(nodes) } };
    expect(hydrateWorkflow(wf)).toEqual({ metadata: { name: 'wf' }, status: { phase: 'Running', nodes } });
    expect(wf.status.compressedNodes).toBeDefined();
    const plain = { status: { nodes } };
    expect(hydrateWorkflow(plain)).toBe(plain);
    expect(hydrateWorkflow({})).toEqual({});
  });

  it('lets nodes merge-patched beside the compressed map win field by field', () => {
    const wf = { status: { compressedNodes: compressNodes(nodes), nodes: { 'wf-1': { message: 'Stopped' } as never } } };
    expect(hydrateWorkflow(wf).status.nodes).toEqual({ ...nodes, 'wf-1': { ...nodes['wf-1'], message: 'Stopped' } });
  });

  it.each([
    ['not gzip', Buffer.from('hello').toString('base64'), /^status\.compressedNodes: expected base64 of gzipped JSON \(/],
    ['not JSON', gzipSync('{oops').toString('base64'), /^status\.compressedNodes: expected a JSON object of nodes \(/],
    ['not an object', gzipSync('[1]').toString('base64'), /^status\.compressedNodes: expected a JSON object of nodes$/],
  ])('refuses %s with a located, permanent error', (_what, text, msg) => {
    let err: unknown;
    try { decompressNodes(text); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CompressedNodesError);
    expect(err).toMatchObject({ code: 'InvalidCompressedNodes', transient: false });
    expect((err as Error).message).toMatch(msg);
  });
  it('compresses for writing only past the size limit', () => {
    const wf = { metadata: { name: 'wf' }, status: { phase: 'Running', nodes } };
    expect(compressIfLarge(wf)).toBe(wf);
    const small = compressIfLarge(wf, 100);
    expect(small.status.nodes).toBeUndefined();
    expect(hydrateWorkflow(small)).toEqual(wf);
    expect(compressIfLarge({ status: { phase: 'Running' } }, 1)).toEqual({ status: { phase: 'Running' } });
  });
});
