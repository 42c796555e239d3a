/**
 * Object lifecycle on create and update: server-set metadata, the status
 * subresource rules, generation, optimistic concurrency, no-op detection and
 * finishing a deletion when the last finalizer goes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError, qualifiedName } from '../store/errors.js';
import type { KubeObject, ObjectMeta } from '../store/types.js';
import type { ApiContext, WriteOptions } from './context.js';
import { deepEqual } from './patch/json.js';
import { apiVersionOf, NAMESPACES, RESOURCES, type ResourceDef } from './registry.js';
import { checkTypeMeta, validateObject, type FieldValidation } from './validate.js';
import { invalidObject, required } from './validation/field.js';

const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  const bytes = randomBytes(5);
  let s = '';
  for (const b of bytes) s += SUFFIX_CHARS[b % SUFFIX_CHARS.length];
  return s;
}

/** Defaults Kubernetes itself applies on create, per resource where it differs. */
const CREATE_DEFAULTS: Record<string, (obj: KubeObject) => void> = {
  pods(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.restartPolicy ??= 'Always';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.serviceAccountName ??= 'default';
    obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
  },
  namespaces(obj) {
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
    obj.status = { phase: 'Active' };
  },
};

/** Rewrites Kubernetes applies on every create and update. */
const NORMALIZE: Record<string, (obj: KubeObject) => void> = {
  // stringData is write-only: it is merged into data (base64) and never stored.
  secrets(obj) {
    obj.type ??= 'Opaque';
    const stringData = obj.stringData as Record<string, unknown> | undefined;
    if (stringData && typeof stringData === 'object') {
      const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
      for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v)).toString('base64');
      obj.data = data;
    }
    delete obj.stringData;
  },
};

/**
 * Admission checks Kubernetes runs on create. The ServiceAccount admission
 * plugin refuses a pod whose service account does not exist in its namespace
 * (Argo's expected failures rely on this).
 */
const ADMIT: Record<string, (ctx: ApiContext, obj: KubeObject) => void> = {
  pods(ctx, pod) {
    const name = String((pod.spec as Record<string, unknown>).serviceAccountName);
    const sa = RESOURCES.find((r) => r.plural === 'serviceaccounts' && r.group === '')!;
    if (ctx.store.get(sa.key, pod.metadata.namespace, name)) return;
    throw new ApiError(
      'Forbidden',
      `pods "${pod.metadata.name}" is forbidden: error looking up service account ${pod.metadata.namespace}/${name}: serviceaccount "${name}" not found`,
      { name: pod.metadata.name, kind: 'pods' },
    );
  },
};

export function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function asObject(body: unknown): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BadRequest', 'request body must be a JSON object');
  const obj = body as KubeObject;
  if (obj.metadata === undefined) obj.metadata = {};
  if (obj.metadata === null || typeof obj.metadata !== 'object') throw new ApiError('BadRequest', 'metadata must be an object');
  return obj;
}

function namespaceExists(ctx: ApiContext, ns: string): void {
  if (!ctx.store.get(NAMESPACES.key, undefined, ns)) {
    throw new ApiError('NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
  }
}

export interface CreateResult {
  object: KubeObject;
  warnings: string[];
}

export async function createObject(
  ctx: ApiContext, def: ResourceDef, body: unknown, namespace: string | undefined, opts: WriteOptions & { fieldValidation: FieldValidation },
): Promise<CreateResult> {
  const obj = asObject(structuredClone(body));
  checkTypeMeta(def, obj);
  obj.apiVersion = apiVersionOf(def);
  obj.kind = def.kind;
  const meta = obj.metadata;
  if (def.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
      throw new ApiError('BadRequest', `the namespace of the provided object (${meta.namespace}) does not match the namespace sent on the request (${namespace})`);
    }
    meta.namespace = namespace;
    namespaceExists(ctx, namespace!);
  } else delete meta.namespace;
  if (!meta.name) {
    if (!meta.generateName) {
      throw invalidObject(def.group, def.kind, '', [required('metadata.name', 'name or generateName is required')]);
    }
    // Kubernetes keeps generated names within 63 characters (so they fit a label value): the prefix is cut to 58.
    do meta.name = meta.generateName.slice(0, 58) + randomSuffix();
    while (ctx.store.get(def.key, meta.namespace, meta.name));
  }
  if (def.status && !CREATE_DEFAULTS[def.plural]) delete obj.status;
  CREATE_DEFAULTS[def.plural]?.(obj);
  NORMALIZE[def.plural]?.(obj);
  const warnings = validateObject(def, obj, opts.fieldValidation, undefined, ctx.validation);
  ADMIT[def.plural]?.(ctx, obj);
  if (ctx.store.get(def.key, meta.namespace, meta.name)) {
    throw new ApiError('AlreadyExists', `${qualifiedName(def.plural, def.group, meta.name)} already exists`, { name: meta.name, group: def.group, kind: def.plural });
  }
  const now = ctx.now();
  const fresh: ObjectMeta = { ...meta, uid: randomUUID(), creationTimestamp: timestamp(now), generation: 1 };
  delete fresh.resourceVersion;
  delete fresh.deletionTimestamp;
  delete fresh.deletionGracePeriodSeconds;
  obj.metadata = fresh;
  if (opts.dryRun) return { object: { ...obj, metadata: { ...fresh, resourceVersion: String(ctx.store.resourceVersion) } }, warnings };
  const written = ctx.store.put(def.key, obj);
  await written.durable;
  return { object: written.object, warnings };
}

/** Everything but metadata and status: a change here bumps `generation`. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export function conflict(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(def.plural, def.group, name)}: the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: def.group, kind: def.plural },
  );
}

export interface UpdateOptions extends WriteOptions {
  subresource?: 'status';
  fieldValidation: FieldValidation;
}

/**
 * Replaces `old` with `body` under the main-resource or status rules. Returns
 * the stored object (the old one for a no-op, the removed one when the last
 * finalizer of a deleted object went).
 */
export async function updateObject(ctx: ApiContext, def: ResourceDef, old: KubeObject, body: unknown, opts: UpdateOptions): Promise<{ object: KubeObject; warnings: string[] }> {
  // No deep copy: `body` is freshly parsed or a patch result whose shared subtrees are never mutated
  // (only top-level fields and a new metadata object are assigned below). Copying a large status costs more than the write.
  const incoming = asObject(body);
  checkTypeMeta(def, incoming);
  const name = old.metadata.name!;
  if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
    throw new ApiError('BadRequest', `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`);
  }
  const rv = incoming.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(def, name);
  let next: KubeObject;
  if (opts.subresource === 'status') {
    next = { ...old, metadata: { ...old.metadata } };
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
  } else {
    next = incoming;
    next.apiVersion = apiVersionOf(def);
    next.kind = def.kind;
    const keep = old.metadata;
    next.metadata = {
      ...incoming.metadata,
      name,
      namespace: keep.namespace,
      uid: keep.uid,
      creationTimestamp: keep.creationTimestamp,
      generation: keep.generation,
      resourceVersion: keep.resourceVersion,
    };
    if (!def.namespaced) delete next.metadata.namespace;
    for (const f of ['deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
      if (keep[f] !== undefined) next.metadata[f] = keep[f] as never;
      else delete next.metadata[f];
    }
    if (def.status) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    NORMALIZE[def.plural]?.(next);
    if (!deepEqual(specPart(next), specPart(old))) next.metadata.generation = (keep.generation ?? 1) + 1;
  }
  const warnings = validateObject(def, next, opts.fieldValidation, old, ctx.validation);
  if (deepEqual(next, old)) return { object: old, warnings };
  if (opts.dryRun) return { object: next, warnings };
  if (old.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !isPodAwaitingKubelet(def, next)) {
    const removed = ctx.store.remove(def.key, next);
    await removed.durable;
    return { object: removed.object, warnings };
  }
  const written = ctx.store.put(def.key, next);
  await written.durable;
  return { object: written.object, warnings };
}

/** A pod marked for graceful deletion stays until the kubelet deletes it with gracePeriodSeconds=0. */
function isPodAwaitingKubelet(def: ResourceDef, obj: KubeObject): boolean {
  return def.plural === 'pods' && def.group === '' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
}
