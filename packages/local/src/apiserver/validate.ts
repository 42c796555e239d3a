/**
 * Validation on create/update: object metadata like Kubernetes (names,
 * labels), apiVersion/kind matching the URL, and for Argo kinds the strict
 * zod schema from @argo-ts/spec. Unknown fields are what
 * `fieldValidation=Strict|Warn|Ignore` is about: Strict rejects them (400,
 * "strict decoding error", as Kubernetes does); Warn and Ignore prune them
 * like a structural CRD schema would, Warn adding a `Warning` header.
 */
import { NodeStatusSchema, schemaForKind } from '@argo-ts/spec';
import { ApiError, type StatusCause } from '../store/errors.js';
import type { KubeObject } from '../store/types.js';
import { RBAC_SCHEMAS } from './auth/schema.js';
import { deepEqual } from './patch/json.js';
import { apiVersionOf, type ResourceDef } from './registry.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

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

/** RBAC objects are named like path segments (`system:discovery` is a valid ClusterRole name). */
const PATH_SEGMENT_NAMED = new Set(['rbac.authorization.k8s.io']);

function pathSegmentCause(name: string): StatusCause | undefined {
  if (name === '.' || name === '..') return { field: 'metadata.name', reason: 'FieldValueInvalid', message: `Invalid value: "${name}": may not be '${name}'` };
  if (name === '' || /[/%]/.test(name)) return { field: 'metadata.name', reason: 'FieldValueInvalid', message: `Invalid value: "${name}": may not be empty or contain '/' or '%'` };
  return undefined;
}

function metadataCauses(def: ResourceDef, obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  if (PATH_SEGMENT_NAMED.has(def.group)) {
    const cause = pathSegmentCause(name);
    if (cause) causes.push(cause);
  } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    causes.push({
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (!LABEL_KEY.test(k)) causes.push({ field: 'metadata.labels', reason: 'FieldValueInvalid', message: `Invalid value: "${k}": not a valid label key` });
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push({ field: `metadata.labels`, reason: 'FieldValueInvalid', message: `Invalid value: "${String(v)}": a valid label value must be 63 characters or less and consist of alphanumerics, '-', '_' or '.'` });
    }
  }
  for (const [k, v] of Object.entries(obj.metadata.annotations ?? {})) {
    if (typeof v !== 'string') causes.push({ field: `metadata.annotations.${k}`, reason: 'FieldValueTypeInvalid', message: 'Invalid value: annotation values must be strings' });
  }
  return causes;
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
  causes: StatusCause[];
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
    out.causes.push({ field: pathText(path), reason: 'FieldValueInvalid', message: raw.message });
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
export function validateObject(def: ResourceDef, obj: KubeObject, mode: FieldValidation, previous?: KubeObject): string[] {
  const out: Collected = { causes: metadataCauses(def, obj), warnings: [] };
  const schema = def.group === 'argoproj.io' ? (schemaForKind(def.kind) as Schema | undefined) : (RBAC_SCHEMAS[def.kind] as Schema | undefined);
  if (schema) {
    const map = INCREMENTAL_STATUS_MAPS[def.kind];
    const status = obj.status as Record<string, unknown> | undefined;
    if (map && previous && isPlainMap(status) && isPlainMap(status[map.field])) checkIncrementally(schema, map, obj, previous, def, mode, out);
    else check(schema, obj, [], obj, def, mode, out);
  }
  IMMUTABLE[def.kind]?.forEach((field) => {
    if (previous && !deepEqual(previous[field], obj[field])) {
      out.causes.push({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(obj[field])}: cannot change ${field}` });
    }
  });
  if (out.causes.length > 0) {
    const name = obj.metadata.name ?? '';
    const summary = out.causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    throw new ApiError('Invalid', `${def.kind} "${name}" is invalid: ${summary}`, { name, group: def.group, kind: def.kind, causes: out.causes });
  }
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
