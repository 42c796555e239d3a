/**
 * Get/list/create/update/delete/lint of one Argo kind, shared by workflow
 * templates, cluster workflow templates and cron workflows (the same shapes in
 * Argo's API: `{namespace, template|cronWorkflow, createOptions}` bodies).
 */
import { hydrateWorkflow } from '@argo-ts/spec';
import { ApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { listQuery, pathFor, type ResourceRef } from '../kube/resources.js';
import { lintOrThrow } from './lint.js';

export type Obj = Record<string, any>;

/** Workflows stored with compressed nodes read as plain ones, as Argo's server hydrates them. */
export function readable<T extends Obj>(o: T): T {
  return o?.status?.compressedNodes ? hydrateWorkflow(o as never) as T : o;
}

function withKind(r: ResourceRef, o: Obj): Obj {
  return { apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, ...o };
}

export async function getObject(kube: Kube, r: ResourceRef, ns: string | undefined, name: string, resourceVersion?: string): Promise<Obj> {
  return readable(withKind(r, await kube.get<Obj>(pathFor(r, ns, name), { resourceVersion })));
}

export async function listObjects(kube: Kube, r: ResourceRef, ns: string | undefined, q: Record<string, unknown>): Promise<Obj> {
  const list = await kube.get<{ metadata?: Obj; items?: Obj[] }>(pathFor(r, ns), listQuery(q));
  const meta = list.metadata ?? {};
  return {
    metadata: {
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      ...(meta.continue ? { continue: meta.continue } : {}),
      ...(meta.remainingItemCount !== undefined ? { remainingItemCount: meta.remainingItemCount } : {}),
    },
    items: (list.items ?? []).map((i) => readable(withKind(r, i))),
  };
}

export interface WriteOptions { dryRun?: boolean }

export function dryRunOf(createOptions: Obj | undefined, serverDryRun?: boolean): boolean {
  const d = createOptions?.dryRun;
  return serverDryRun === true || (Array.isArray(d) ? d.includes('All') : d === 'All');
}

/** Checks the body names an object of kind `r`, fills in namespace/apiVersion/kind, and lints it. */
export async function prepare(kube: Kube, r: ResourceRef, ns: string | undefined, obj: unknown, field: string): Promise<Obj> {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new ApiError('InvalidArgument', `${field} is required: the ${r.kind} to write, as a JSON object`);
  const o = withKind(r, obj as Obj);
  if (o.kind !== r.kind) throw new ApiError('InvalidArgument', `${field}.kind: expected ${r.kind}, got ${String(o.kind)}`);
  o.metadata = { ...(o.metadata ?? {}) };
  if (r.namespaced) {
    if (o.metadata.namespace && ns && o.metadata.namespace !== ns) {
      throw new ApiError('InvalidArgument', `${field}.metadata.namespace: "${o.metadata.namespace}" does not match the request's namespace "${ns}"`);
    }
    if (ns) o.metadata.namespace = ns;
  }
  await lintOrThrow(kube, o, ns);
  return o;
}

export async function createObject(kube: Kube, r: ResourceRef, ns: string | undefined, o: Obj, opts: WriteOptions = {}): Promise<Obj> {
  return readable(withKind(r, await kube.json<Obj>('POST', pathFor(r, ns), { body: o, query: { dryRun: opts.dryRun ? 'All' : undefined } })));
}

export async function updateObject(kube: Kube, r: ResourceRef, ns: string | undefined, name: string, o: Obj): Promise<Obj> {
  if (o.metadata?.name && o.metadata.name !== name) {
    throw new ApiError('InvalidArgument', `metadata.name: "${o.metadata.name}" does not match the request's name "${name}"`);
  }
  // Argo's update takes the object as given; the resourceVersion it carries guards against lost updates.
  if (!o.metadata?.resourceVersion) {
    const current = await kube.get<Obj>(pathFor(r, ns, name));
    o.metadata = { ...o.metadata, name, resourceVersion: current.metadata?.resourceVersion };
  }
  return readable(withKind(r, await kube.json<Obj>('PUT', pathFor(r, ns, name), { body: o })));
}

export async function deleteObject(kube: Kube, r: ResourceRef, ns: string | undefined, name: string, q: Record<string, unknown>): Promise<void> {
  const pick = (k: string): string | undefined => (typeof q[`deleteOptions.${k}`] === 'string' ? q[`deleteOptions.${k}`] as string : undefined);
  const grace = pick('gracePeriodSeconds');
  const body: Obj = {
    kind: 'DeleteOptions', apiVersion: 'v1',
    propagationPolicy: pick('propagationPolicy') ?? 'Background',
    ...(grace !== undefined ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(pick('preconditions.uid') || pick('preconditions.resourceVersion') ? { preconditions: { uid: pick('preconditions.uid'), resourceVersion: pick('preconditions.resourceVersion') } } : {}),
  };
  const dryRun = q['deleteOptions.dryRun'];
  await kube.json('DELETE', pathFor(r, ns, name), { body, query: { dryRun: (Array.isArray(dryRun) ? dryRun.includes('All') : dryRun === 'All') ? 'All' : undefined } });
}
