/**
 * Keeping a workflow under the size the API server takes: when the JSON of
 * the workflow with its status would exceed `maxSize` (Argo's 1 MiB
 * default), the node map is written gzipped and base64-encoded to
 * `status.compressedNodes` instead of `status.nodes`, as Argo does. If even
 * that is too large the workflow errors: Argo would then offload the nodes to
 * its database, which argo-ts does not have.
 *
 * Measuring costs what changed, not the workflow's size: a node's JSON size
 * is remembered per node object, and the operator never modifies a node it
 * has returned (it copies on write), so unchanged nodes are not serialised
 * again.
 */
import { MAX_WORKFLOW_SIZE, TOO_LARGE_MESSAGE, compressNodes } from '@argo-ts/spec';
import type { NodeStatus, Workflow, WorkflowStatus } from '../operator/model.js';

const nodeBytes = new WeakMap<object, number>();

function jsonBytes(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v));
}

/** Bytes of `JSON.stringify(nodes)`. */
export function nodesSize(nodes: Record<string, NodeStatus>): number {
  let total = 2;
  let first = true;
  for (const id in nodes) {
    const n = nodes[id]!;
    let b = nodeBytes.get(n);
    if (b === undefined) nodeBytes.set(n, (b = jsonBytes(n)));
    total += jsonBytes(id) + 1 + b + (first ? 0 : 1);
    first = false;
  }
  return total;
}

/** Bytes of the workflow's JSON with this status (its nodes measured incrementally). */
export function workflowSize(wf: Workflow, status: WorkflowStatus): number {
  const { nodes, ...rest } = status;
  const outer = jsonBytes({ ...wf, status: rest });
  if (!nodes) return outer;
  // `"nodes":` plus a comma, unless the rest of the status is empty.
  return outer + jsonBytes('nodes') + 1 + nodesSize(nodes) + (Object.keys(rest).length ? 1 : 0);
}

export interface Dehydrated {
  /** The status to store. */
  status: WorkflowStatus;
  /** Set when even the compressed workflow is too large (Argo's message). */
  tooLarge?: string;
}

export function defaultMaxWorkflowSize(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env['MAX_WORKFLOW_SIZE']);
  return Number.isInteger(v) && v > 0 ? v : MAX_WORKFLOW_SIZE;
}

/** The status as it must be stored: unchanged when small enough, else with its nodes compressed. */
export function dehydrate(wf: Workflow, status: WorkflowStatus, maxSize = defaultMaxWorkflowSize()): Dehydrated {
  const { compressedNodes: _stale, ...plain } = status;
  if (!plain.nodes || workflowSize(wf, plain) <= maxSize) return { status: plain };
  const { nodes, ...rest } = plain;
  const packed: WorkflowStatus = { ...rest, compressedNodes: compressNodes(nodes) };
  const size = jsonBytes({ ...wf, status: packed });
  if (size <= maxSize) return { status: packed };
  return { status: packed, tooLarge: `${TOO_LARGE_MESSAGE} compressed size ${size} > maxSize ${maxSize}; offloading node status is not supported` };
}
