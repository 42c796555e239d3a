/**
 * `status.compressedNodes`: when a workflow object would pass the size the
 * API server accepts, Argo stores its node map as base64 of gzipped JSON in
 * `status.compressedNodes` and leaves `status.nodes` out. Every reader
 * (controller, `argo get/list/watch`) must turn it back into `status.nodes`
 * first; these helpers are shared so they all do it the same way.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { NodeStatus } from './schema/index.js';

/** Argo's default limit on a workflow's JSON size (its MAX_WORKFLOW_SIZE), in bytes. */
export const MAX_WORKFLOW_SIZE = 1024 * 1024;

/** How Argo's message starts when even the compressed workflow is too large. */
export const TOO_LARGE_MESSAGE = 'workflow is longer than maximum allowed size.';

export type Nodes = Record<string, NodeStatus>;

export class CompressedNodesError extends Error {
  readonly code = 'InvalidCompressedNodes' as const;
  /** The stored text will not change by reading it again. */
  readonly transient = false;
  constructor(message: string) {
    super(message);
    this.name = 'CompressedNodesError';
  }
}

export function compressNodes(nodes: Readonly<Record<string, unknown>>): string {
  return gzipSync(JSON.stringify(nodes)).toString('base64');
}

export function decompressNodes(text: string): Nodes {
  let json: string;
  try {
    json = gunzipSync(Buffer.from(text, 'base64')).toString('utf8');
  } catch (e) {
    throw new CompressedNodesError(`status.compressedNodes: expected base64 of gzipped JSON (${(e as Error).message})`);
  }
  let nodes: unknown;
  try {
    nodes = JSON.parse(json);
  } catch (e) {
    throw new CompressedNodesError(`status.compressedNodes: expected a JSON object of nodes (${(e as Error).message})`);
  }
  if (nodes === null || typeof nodes !== 'object' || Array.isArray(nodes)) {
    throw new CompressedNodesError('status.compressedNodes: expected a JSON object of nodes');
  }
  return nodes as Nodes;
}

interface WithStatus { status?: { nodes?: Nodes; compressedNodes?: string; [k: string]: unknown } | undefined }

/**
 * The workflow with `status.nodes` restored (the same object when nothing is
 * compressed). Nodes also present in `status.nodes` were merge-patched in
 * beside the compressed map (e.g. `argo stop` marking a node) and win field
 * by field.
 */
export function hydrateWorkflow<T extends WithStatus>(wf: T): T {
  const s = wf.status;
  if (!s?.compressedNodes) return wf;
  const nodes = decompressNodes(s.compressedNodes);
  for (const [id, patch] of Object.entries(s.nodes ?? {})) nodes[id] = { ...nodes[id], ...patch } as NodeStatus;
  const { compressedNodes: _c, ...rest } = s;
  return { ...wf, status: { ...rest, nodes } };
}

/**
 * The workflow as a client should write it: with `status.nodes` compressed
 * when its JSON would pass `maxSize` (the controller measures incrementally;
 * this is for one-off writes such as `argo retry`).
 */
export function compressIfLarge<T extends WithStatus>(wf: T, maxSize = MAX_WORKFLOW_SIZE): T {
  const s = wf.status;
  if (!s?.nodes || Buffer.byteLength(JSON.stringify(wf)) <= maxSize) return wf;
  const { nodes, compressedNodes: _old, ...rest } = s;
  return { ...wf, status: { ...rest, compressedNodes: compressNodes(nodes) } };
}
