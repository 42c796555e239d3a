/**
 * Deletion as Kubernetes does it: preconditions, propagation policy
 * (Background, Foreground, Orphan), finalizers (deletionTimestamp first,
 * removal when the last finalizer goes), graceful pod deletion finished by
 * the kubelet, and namespaces taking their contents with them.
 */
import { ApiError } from '../store/errors.js';
import type { KubeObject } from '../store/types.js';
import type { ApiContext } from './context.js';
import { conflict, timestamp } from './objects.js';
import { deepEqual } from './patch/json.js';
import { isPlainObject } from './patch/merge.js';
import { NAMESPACES, PODS, RESOURCES, type ResourceDef } from './registry.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';

const POLICIES = new Set(['Background', 'Foreground', 'Orphan']);

/** Reads DeleteOptions from the body (kubectl) and the query (client libraries). */
export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const b = isPlainObject(body) ? body : {};
  let policy = (b.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as string | undefined;
  if (policy === undefined && (b.orphanDependents === true || query.get('orphanDependents') === 'true')) policy = 'Orphan';
  if (policy !== undefined && !POLICIES.has(policy)) {
    throw new ApiError('BadRequest', `propagationPolicy must be one of Background, Foreground, Orphan (got "${policy}")`);
  }
  const graceRaw = b.gracePeriodSeconds ?? query.get('gracePeriodSeconds') ?? undefined;
  const grace = graceRaw === undefined || graceRaw === null ? undefined : Number(graceRaw);
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) throw new ApiError('BadRequest', `gracePeriodSeconds must be a non-negative integer (got "${String(graceRaw)}")`);
  const dryRun = (Array.isArray(b.dryRun) && b.dryRun.includes('All')) || query.getAll('dryRun').includes('All');
  return {
    propagationPolicy: (policy ?? 'Background') as PropagationPolicy,
    gracePeriodSeconds: grace,
    preconditions: isPlainObject(b.preconditions) ? (b.preconditions as DeleteOptions['preconditions']) : undefined,
    dryRun,
  };
}

async function put(ctx: ApiContext, def: ResourceDef, obj: KubeObject): Promise<KubeObject> {
  const w = ctx.store.put(def.key, obj);
  await w.durable;
  return w.object;
}

async function removeNow(ctx: ApiContext, def: ResourceDef, obj: KubeObject): Promise<KubeObject> {
  const w = ctx.store.remove(def.key, obj);
  await w.durable;
  return w.object;
}

/** Removes this owner from its dependents' ownerReferences (Orphan). */
async function orphanDependents(ctx: ApiContext, uid: string): Promise<void> {
  for (const { res, object: listed } of ctx.store.dependents(uid)) {
    const def = RESOURCES.find((r) => r.key === res);
    const object = def && ctx.store.get(def.key, listed.metadata.namespace, listed.metadata.name!);
    if (!def || !object) continue;
    const next = structuredClone(object);
    next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
    await put(ctx, def, next);
  }
}

async function deleteNamespaceContents(ctx: ApiContext, ns: string): Promise<void> {
  for (const def of RESOURCES) {
    if (!def.namespaced) continue;
    for (const obj of ctx.store.list(def.key, ns)) {
      if (ctx.store.get(def.key, ns, obj.metadata.name!)) await removeNow(ctx, def, obj);
    }
  }
}

/**
 * Deletes `obj` (the current stored version). Returns the object as it now
 * stands: removed (with its final resourceVersion) or marked for deletion.
 */
export async function deleteObject(ctx: ApiContext, def: ResourceDef, obj: KubeObject, opts: DeleteOptions): Promise<KubeObject> {
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw new ApiError('Conflict', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`, { name: obj.metadata.name, group: def.group, kind: def.plural });
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) throw conflict(def, obj.metadata.name!);
  if (opts.dryRun) return obj;
  const uid = obj.metadata.uid!;
  if (opts.propagationPolicy === 'Orphan') {
    await orphanDependents(ctx, uid);
    // Orphaning awaited writes; act on the object as it is now.
    const now = ctx.store.get(def.key, obj.metadata.namespace, obj.metadata.name!);
    if (!now || now.metadata.uid !== uid) return obj;
    obj = now;
  }

  if (def === PODS) {
    const graceful = gracefulPodDeletion(ctx, obj, opts);
    if (graceful) return graceful === obj ? obj : put(ctx, def, graceful);
  }
  const finalizers = [...(obj.metadata.finalizers ?? [])];
  if (opts.propagationPolicy === 'Foreground' && ctx.store.dependents(uid).length > 0 && !finalizers.includes(FOREGROUND_FINALIZER)) {
    finalizers.push(FOREGROUND_FINALIZER);
  }
  if (finalizers.length > 0) {
    const marked = structuredClone(obj);
    marked.metadata.finalizers = finalizers;
    marked.metadata.deletionTimestamp ??= timestamp(ctx.now());
    // The kubelet's final delete (grace 0) lets the pod go once its finalizers are removed.
    if (def === PODS && opts.gracePeriodSeconds === 0) marked.metadata.deletionGracePeriodSeconds = 0;
    else marked.metadata.deletionGracePeriodSeconds ??= 0;
    return deepEqual(marked, obj) ? obj : put(ctx, def, marked);
  }
  if (def === NAMESPACES) await deleteNamespaceContents(ctx, obj.metadata.name!);
  const current = ctx.store.get(def.key, obj.metadata.namespace, obj.metadata.name!) ?? obj;
  return removeNow(ctx, def, current);
}

/**
 * A pod bound to a node is only marked (deletionTimestamp + grace period);
 * the kubelet stops its processes and deletes it with gracePeriodSeconds=0.
 * Returns the marked pod, or undefined when it should go at once.
 */
function gracefulPodDeletion(ctx: ApiContext, pod: KubeObject, opts: DeleteOptions): KubeObject | undefined {
  if (ctx.podDeletionMode === 'immediate') return undefined;
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const grace = opts.gracePeriodSeconds ?? (spec.terminationGracePeriodSeconds as number | undefined) ?? 30;
  if (grace === 0 || !spec.nodeName) return undefined;
  const current = pod.metadata.deletionGracePeriodSeconds;
  if (pod.metadata.deletionTimestamp && current !== undefined && current <= grace) return pod;
  const marked = structuredClone(pod);
  marked.metadata.deletionTimestamp = timestamp(new Date(ctx.now().getTime() + grace * 1000));
  marked.metadata.deletionGracePeriodSeconds = grace;
  return marked;
}
