/**
 * Validation on create/update: object metadata like Kubernetes (names,
 * labels), apiVersion/kind matching the URL, and for Argo kinds the strict
 * zod schema from @argo-ts/spec. Unknown fields are what
 * `fieldValidation=Strict|Warn|Ignore` is about: Strict rejects them (400,
 * "strict decoding error", as Kubernetes does); Warn and Ignore prune them
 * like a structural CRD schema would, Warn adding a `Warning` header.
 */
import { schemaForKind } from '@argo-ts/spec';
import { ApiError, type StatusCause } from '../store/errors.js';
import type { KubeObject } from '../store/types.js';
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

function metadataCauses(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
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

/**
 * Validates `obj` for `def`. Returns warnings (for `Warning` headers); throws
 * 422 Invalid with one cause per problem, or 400 for unknown fields under Strict.
 */
export function validateObject(def: ResourceDef, obj: KubeObject, mode: FieldValidation): string[] {
  const name = obj.metadata.name ?? '';
  const causes = metadataCauses(obj);
  const warnings: string[] = [];
  const schema = def.group === 'argoproj.io' ? schemaForKind(def.kind) : undefined;
  if (schema) {
    const result = schema.safeParse(obj);
    for (const issue of (result.success ? [] : result.error.issues) as SchemaIssue[]) {
      if (issue.code === 'unrecognized_keys') {
        const where = pathText(issue.path);
        const fields = (issue.keys ?? []).map((k) => (where ? `${where}.${k}` : k));
        if (mode === 'Strict') {
          throw new ApiError('BadRequest', `strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`, {
            name, group: def.group, kind: def.kind,
            causes: fields.map((f) => ({ field: f, reason: 'FieldValueInvalid', message: `unknown field "${f}"` })),
          });
        }
        if (mode === 'Warn') for (const f of fields) warnings.push(`unknown field "${f}"`);
        prune(obj, issue.path, issue.keys ?? []);
        continue;
      }
      causes.push({ field: pathText(issue.path), reason: 'FieldValueInvalid', message: issue.message });
    }
  }
  if (causes.length > 0) {
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    throw new ApiError('Invalid', `${def.kind} "${name}" is invalid: ${summary}`, { name, group: def.group, kind: def.kind, causes });
  }
  return warnings;
}

/** Deletes unknown keys at `path` (what a structural schema's pruning does). */
function prune(obj: KubeObject, path: PropertyKey[], keys: string[]): void {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  if (cur === null || typeof cur !== 'object') return;
  for (const k of keys) delete (cur as Record<string, unknown>)[k];
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
