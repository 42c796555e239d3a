/**
 * Writes a workflow's new status and labels. The status goes through the
 * status subresource with the resourceVersion we operated on (a Conflict
 * means someone else wrote: the caller re-reads and re-operates); if the CRD
 * has no status subresource (404 on /status) the whole object is PUT instead.
 * Labels (phase, completed) are merged into metadata with a merge patch.
 * A status too large for the API server is stored with its nodes compressed
 * (offload.ts); the caller always gets the status back with plain nodes.
 */
import { Labels } from '@argo-ts/spec';
import type { KubeApi, KubeObject } from './api.js';
import { dehydrate } from './offload.js';
import { isCode } from './errors.js';
import { Resources } from './resources.js';
import type { Workflow, WorkflowStatus } from '../operator/model.js';

/** Structural equality of JSON values, ignoring `undefined` members and key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const kb = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(ao[k], bo[k]));
}

export function labelsChanged(current: Record<string, string> | undefined, wanted: Record<string, string> | undefined): boolean {
  if (!wanted) return false;
  return Object.entries(wanted).some(([k, v]) => current?.[k] !== v);
}

export interface WriteResult {
  /** The workflow as stored after our writes (newest resourceVersion; status with plain nodes), or undefined if nothing was written. */
  written?: Workflow;
  /** The workflow no longer exists. */
  gone?: boolean;
  /** Even compressed, the status was too large: the workflow was stored as Error with this message. */
  tooLarge?: string;
}

export interface WriteOptions {
  /** Largest workflow JSON, in bytes, stored with plain nodes (default MAX_WORKFLOW_SIZE or 1 MiB). */
  maxSize?: number;
  now?: () => Date;
  /** Annotations to merge into the Workflow (spec.workflowMetadata), written when they differ. */
  annotations?: Record<string, string>;
}

export async function writeStatus(api: KubeApi, wf: Workflow, status: WorkflowStatus, labels?: Record<string, string>, opts: WriteOptions = {}): Promise<WriteResult> {
  const ns = wf.metadata.namespace ?? 'default';
  const name = wf.metadata.name!;
  let current: Workflow | undefined;
  let tooLarge: string | undefined;
  if (!sameJson(wf.status ?? {}, status)) {
    const d = dehydrate(wf, status, opts.maxSize);
    let stored = d.status;
    if (d.tooLarge) {
      // Argo errors such a workflow; the nodes stay (compressed) so `argo get` can still show them if the server takes it.
      tooLarge = d.tooLarge;
      const failed = { phase: 'Error' as const, message: d.tooLarge, finishedAt: status.finishedAt ?? (opts.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      status = { ...status, ...failed };
      stored = { ...stored, ...failed };
      labels = { ...labels, [Labels.phase]: 'Error', [Labels.completed]: 'true' };
    }
    const body = { ...wf, status: stored } as Workflow & KubeObject;
    try {
      current = await api.replace<Workflow & KubeObject>(Resources.workflows, ns, name, body, 'status');
    } catch (e) {
      if (!isCode(e, 'NotFound')) throw e;
      // Either the workflow is gone or the CRD has no status subresource: try the main resource.
      try {
        const merged = { ...body, metadata: { ...body.metadata, labels: { ...body.metadata.labels, ...labels } } };
        current = await api.replace<Workflow & KubeObject>(Resources.workflows, ns, name, merged);
      } catch (e2) {
        if (isCode(e2, 'NotFound')) return { gone: true };
        throw e2;
      }
    }
  }
  const base = current ?? wf;
  if (labelsChanged(base.metadata.labels, labels)) {
    try {
      current = await api.patch<Workflow & KubeObject>(Resources.workflows, ns, name, { metadata: { labels } }, 'merge');
    } catch (e) {
      if (isCode(e, 'NotFound')) return { gone: true };
      throw e;
    }
  }
  if (opts.annotations && labelsChanged((current ?? base).metadata.annotations, opts.annotations)) {
    try {
      current = await api.patch<Workflow & KubeObject>(Resources.workflows, ns, name, { metadata: { annotations: opts.annotations } }, 'merge');
    } catch (e) {
      if (isCode(e, 'NotFound')) return { gone: true };
      throw e;
    }
  }
  if (!current) return {};
  return { written: { ...current, status }, ...(tooLarge ? { tooLarge } : {}) };
}
