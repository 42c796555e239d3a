/**
 * Validation on create/update: object metadata like Kubernetes (names,
 * labels, annotations), apiVersion/kind matching the URL, the core kinds'
 * bodies as Kubernetes checks them (validation/), and for Argo kinds the
 * strict zod schema from @argo-ts/spec. Unknown fields are what
 * `fieldValidation=Strict|Warn|Ignore` is about: Strict rejects them (400,
 * "strict decoding error", as Kubernetes does); Warn and Ignore prune them
 * like a structural CRD schema would, Warn adding a `Warning` header.
 */
import { NodeStatusSchema, schemaForKind } from '@argo-ts/spec';
import { ApiError } from '../store/errors.js';
import type { KubeObject } from '../store/types.js';
import { RBAC_SCHEMAS } from './auth/schema.js';
import { deepEqual } from './patch/json.js';
import { apiVersionOf, type ResourceDef } from './registry.js';
import { CORE_BODY_CHECKS } from './validation/core.js';
import { custom, invalidObject, type FieldError } from './validation/field.js';
import { annotationErrors, labelErrors, nameErrors } from './validation/meta.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/**
 * `strict` (the default): core kinds are checked as Kubernetes checks them.
 * `off`: only what the engine itself needs (names, labels, Argo kinds'
 * schemas), for clusters that must accept what older versions stored.
 */
export type ValidationLevel = 'strict' | 'off';

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new ApiError('BadRequest', `fieldValidation must be one of Strict, Warn, Ignore (got "${v}")`);
}

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * ObjectMeta: the name on create (a stored name cannot change), labels,
 * annotations (under `off` only that their values are strings).
 */
function metadataErrors(def: ResourceDef, obj: KubeObject, previous: KubeObject | undefined, level: ValidationLevel): FieldError[] {
  const names = previous ? [] : nameErrors(def, obj);
  const off = level === 'off';
  return [
    ...(off ? names.filter((e) => e.field === 'metadata.name') : names),
    ...labelErrors(obj.metadata.labels),
    ...annotationErrors(obj.metadata.annotations, off),
  ];
}

/**
 * The body of a core kind under strict validation. On update only when the
 * body changed: status writes (kubelet, controller) do not pay for it.
 */
function coreBodyErrors(def: ResourceDef, obj: KubeObject, previous: KubeObject | undefined): FieldError[] {
  const check = def.group === '' ? CORE_BODY_CHECKS[def.plural] : undefined;
  if (!check) return [];
  if (previous && deepEqual({ ...obj, metadata: undefined, status: undefined }, { ...previous, metadata: undefined, status: undefined })) return [];
  return check(obj);
}

interface Schema {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: unknown[] } };
}

/**
 * Kinds whose status holds a large map validated entry by entry: entries equal
 * to the stored version were validated when stored and are skipped, so a
 * controller updating a few nodes of a 5,000-node workflow does not pay for
 * re-validating all of them on every write.
 */
const INCREMENTAL_STATUS_MAPS: Record<string, { field: string; entry: Schema }> = {
  Workflow: { field: 'nodes', entry: NodeStatusSchema },
};

/** Fields that may not change after create (a binding's role: delete and re-create it instead). */
const IMMUTABLE: Record<string, string[]> = { RoleBinding: ['roleRef'], ClusterRoleBinding: ['roleRef'] };

interface Collected {
  causes: FieldError[];
  warnings: string[];
}

/** Runs `schema` on `value` (found at `base` inside obj) and sorts the issues into causes, warnings or pruning. */
function check(schema: Schema, value: unknown, base: PropertyKey[], obj: KubeObject, def: ResourceDef, mode: FieldValidation, out: Collected): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const name = obj.metadata.name ?? '';
  for (const raw of result.error.issues as SchemaIssue[]) {
    const path = [...base, ...raw.path];
    if (raw.code === 'unrecognized_keys') {
      const where = pathText(path);
      const fields = (raw.keys ?? []).map((k) => (where ? `${where}.${k}` : k));
      if (mode === 'Strict') {
        throw new ApiError('BadRequest', `strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`, {
          name, group: def.group, kind: def.kind,
          causes: fields.map((f) => ({ field: f, reason: 'FieldValueInvalid', message: `unknown field "${f}"` })),
        });
      }
      if (mode === 'Warn') for (const f of fields) out.warnings.push(`unknown field "${f}"`);
      prune(obj, path, raw.keys ?? []);
      continue;
    }
    out.causes.push(custom(pathText(path), raw.message));
  }
}

/** Validates everything but the big status map with the kind's schema, then only the changed map entries. */
function checkIncrementally(schema: Schema, map: { field: string; entry: Schema }, obj: KubeObject, previous: KubeObject, def: ResourceDef, mode: FieldValidation, out: Collected): void {
  const status = obj.status as Record<string, unknown>;
  const entries = status[map.field] as Record<string, unknown>;
  obj.status = { ...status, [map.field]: {} };
  check(schema, obj, [], obj, def, mode, out);
  obj.status = { ...(obj.status as Record<string, unknown>), [map.field]: entries };
  const before = ((previous.status as Record<string, unknown> | undefined)?.[map.field] ?? {}) as Record<string, unknown>;
  for (const [key, entry] of Object.entries(entries)) {
    if (key in before && deepEqual(entry, before[key])) continue;
    check(map.entry, entry, ['status', map.field, key], obj, def, mode, out);
  }
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Validates `obj` for `def` (`previous` = the stored version on update).
 * Returns warnings (for `Warning` headers); throws 422 Invalid with one cause
 * per problem, or 400 for unknown fields under Strict.
 */
export function validateObject(def: ResourceDef, obj: KubeObject, mode: FieldValidation, previous?: KubeObject, level: ValidationLevel = 'strict'): string[] {
  const out: Collected = { causes: metadataErrors(def, obj, previous, level), warnings: [] };
  if (level === 'strict') out.causes.push(...coreBodyErrors(def, obj, previous));
  const schema = def.group === 'argoproj.io' ? (schemaForKind(def.kind) as Schema | undefined) : (RBAC_SCHEMAS[def.kind] as Schema | undefined);
  if (schema) {
    const map = INCREMENTAL_STATUS_MAPS[def.kind];
    const status = obj.status as Record<string, unknown> | undefined;
    if (map && previous && isPlainMap(status) && isPlainMap(status[map.field])) checkIncrementally(schema, map, obj, previous, def, mode, out);
    else check(schema, obj, [], obj, def, mode, out);
  }
  IMMUTABLE[def.kind]?.forEach((field) => {
    if (previous && !deepEqual(previous[field], obj[field])) {
      out.causes.push(custom(field, `Invalid value: ${JSON.stringify(obj[field])}: cannot change ${field}`));
    }
  });
  if (out.causes.length > 0) throw invalidObject(def.group, def.kind, obj.metadata.name ?? '', out.causes);
  return out.warnings;
}

/**
 * Deletes unknown keys at `path` (what a structural schema's pruning does).
 * Containers along the path are copied first: patch results share untouched
 * subtrees with the stored object, which must never change.
 */
function prune(obj: KubeObject, path: PropertyKey[], keys: string[]): void {
  let cur = obj as unknown as Record<PropertyKey, unknown>;
  for (const p of path) {
    const child = cur[p];
    if (child === null || typeof child !== 'object') return;
    const copy = (Array.isArray(child) ? [...child] : { ...child }) as Record<PropertyKey, unknown>;
    cur[p] = copy;
    cur = copy;
  }
  for (const k of keys) delete cur[k];
}

/** The body's apiVersion/kind must name the resource of the URL (or be omitted). */
export function checkTypeMeta(def: ResourceDef, obj: KubeObject): void {
  const want = apiVersionOf(def);
  if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
    throw new ApiError('BadRequest', `the API version in the data (${obj.apiVersion}) does not match the expected API version (${want})`);
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw new ApiError('BadRequest', `the kind in the data (${obj.kind}) does not match the expected kind (${def.kind})`);
  }
}
