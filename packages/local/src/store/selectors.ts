/**
 * Label and field selectors with the Kubernetes grammar:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma = AND.
 */
import { ApiError } from './errors.js';
import type { KubeObject } from './types.js';

export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type Selector = Requirement[];

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

function checkKey(key: string, source: string, field: string, keyPattern: RegExp): string {
  if (!keyPattern.test(key)) throw new ApiError('BadRequest', `invalid ${field} "${source}": key "${key}" is not a valid name`);
  return key;
}

function checkValue(value: string, source: string, field: string, strict: boolean): string {
  if (strict && (value.length > 63 || !VALUE.test(value))) {
    throw new ApiError('BadRequest', `invalid ${field} "${source}": value "${value}" is not a valid label value`);
  }
  return value;
}

function parseTerm(term: string, source: string, field: string, strict: boolean, keyPattern: RegExp): Requirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (setMatch) {
    const values = setMatch[3]!.split(',').map((v) => checkValue(v.trim(), source, field, strict));
    return { key: checkKey(setMatch[1]!, source, field, keyPattern), op: setMatch[2] as 'in' | 'notin', values };
  }
  const opMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (opMatch) {
    const op = opMatch[2] === '!=' ? 'neq' : 'eq';
    return { key: checkKey(opMatch[1]!, source, field, keyPattern), op, value: checkValue(opMatch[3]!.trim(), source, field, strict) };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim(), source, field, keyPattern), op: 'notexists' };
  if (!/\s/.test(term)) return { key: checkKey(term, source, field, keyPattern), op: 'exists' };
  throw new ApiError('BadRequest', `invalid ${field} "${source}": cannot parse "${term}"`);
}

/** Parses a `labelSelector` query value; throws 400 BadRequest on bad syntax. */
export function parseLabelSelector(text: string | null | undefined): Selector {
  if (!text) return [];
  return splitTerms(text).map((t) => parseTerm(t, text, 'labelSelector', true, KEY));
}

/** Parses a `fieldSelector`: only `=`, `==` and `!=` on dotted paths, like Kubernetes. */
export function parseFieldSelector(text: string | null | undefined, allowed: (field: string) => boolean): Selector {
  if (!text) return [];
  const reqs = splitTerms(text).map((t) => parseTerm(t, text, 'fieldSelector', false, /^[A-Za-z0-9_.]+$/));
  for (const r of reqs) {
    if (r.op !== 'eq' && r.op !== 'neq') throw new ApiError('BadRequest', `invalid fieldSelector "${text}": only =, == and != are supported`);
    if (!allowed(r.key)) throw new ApiError('BadRequest', `field label not supported: ${r.key}`);
  }
  return reqs;
}

function test(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'eq':
      return value !== undefined && value === req.value;
    case 'neq':
      return value !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
  }
}

export function matchesLabels(selector: Selector, labels: Record<string, string> | undefined): boolean {
  for (const req of selector) if (!test(req, labels?.[req.key])) return false;
  return true;
}

/** Reads a dotted field path (`status.phase`, `involvedObject.name`) as a string. */
export function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

export function matchesFields(selector: Selector, obj: KubeObject): boolean {
  for (const req of selector) {
    // Field selectors compare against the empty string when the field is unset, as Kubernetes does.
    const value = fieldValue(obj, req.key) ?? '';
    if (req.op === 'eq' && value !== req.value) return false;
    if (req.op === 'neq' && value === req.value) return false;
  }
  return true;
}

/** The equality requirements of a selector, used to narrow candidates through the label index. */
export function equalityTerms(selector: Selector): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const r of selector) if (r.op === 'eq') out.push([r.key, r.value]);
  return out;
}
