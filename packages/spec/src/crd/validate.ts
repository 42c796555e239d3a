/**
 * Validates a JSON value against a structural schema the way the Kubernetes
 * API server does for custom resources: type errors, missing required fields,
 * and unknown fields (which the API server prunes, or rejects under
 * `fieldValidation=Strict`). An API server can use it for CRD-backed kinds.
 */
import type { JsonSchema } from './structural.js';

export interface StructuralIssue {
  /** JSON path in Kubernetes' notation: `.spec.templates[0].name`. */
  path: string;
  kind: 'type' | 'required' | 'unknown-field';
  message: string;
}

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(type: unknown, v: unknown): boolean {
  const actual = typeOf(v);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  if (type === 'object') return actual === 'object';
  return actual === type;
}

function walk(schema: JsonSchema, value: unknown, path: string, out: StructuralIssue[]): void {
  // the API server drops nulls of non-nullable fields before validating
  if (value === null || value === undefined) return;
  if (schema[INT_OR_STRING]) {
    const t = typeOf(value);
    if (t !== 'integer' && t !== 'string') out.push({ path, kind: 'type', message: `${path}: must be an integer or a string` });
    return;
  }
  if (schema.type === undefined) return; // preserve-unknown without a type: any value
  if (!matchesType(schema.type, value)) {
    out.push({ path, kind: 'type', message: `${path}: must be of type ${String(schema.type)}, got ${typeOf(value)}` });
    return;
  }
  if (schema.type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    if (items) (value as unknown[]).forEach((v, i) => walk(items, v, `${path}[${i}]`, out));
    return;
  }
  if (schema.type === 'object') walkObject(schema, value as Record<string, unknown>, path, out);
}

function walkObject(schema: JsonSchema, obj: Record<string, unknown>, path: string, out: StructuralIssue[]): void {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = schema.additionalProperties as JsonSchema | undefined;
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (obj[name] === undefined || obj[name] === null) {
      out.push({ path: `${path}.${name}`, kind: 'required', message: `${path}.${name}: Required value` });
    }
  }
  for (const [key, v] of Object.entries(obj)) {
    // the API server validates a resource's own ObjectMeta itself; its CRD schema says only `type: object`
    if (path === '' && key === 'metadata') continue;
    const child = Object.hasOwn(props, key) ? props[key] : extra;
    if (child) walk(child, v, `${path}.${key}`, out);
    else if (!schema[PRESERVE]) out.push({ path: `${path}.${key}`, kind: 'unknown-field', message: `unknown field "${path.slice(1)}${path ? '.' : ''}${key}"` });
  }
}

/** Every issue of `value` against `schema`; empty when the API server would accept it unchanged. */
export function validateStructural(schema: JsonSchema, value: unknown): StructuralIssue[] {
  const out: StructuralIssue[] = [];
  walk(schema, value, '', out);
  return out;
}
