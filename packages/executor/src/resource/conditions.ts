/**
 * Argo's successCondition / failureCondition syntax: comma-separated
 * requirements in label-selector style over the resource's JSON fields,
 * e.g. `status.succeeded > 0`, `status.phase in (Failed, Error)`,
 * `metadata.labels.app == web`, `!status.failed`.
 */
import { ExecutorError } from '../errors.js';

export type Requirement =
  | { key: string; op: '==' | '!=' | '>' | '<' | '>=' | '<='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export function parseCondition(text: string, field: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur); cur = ''; } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean).map((p) => {
    let m = p.match(/^([\w.\-/[\]]+)\s+(in|notin)\s+\((.*)\)$/);
    if (m) return { key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()) };
    m = p.match(/^([\w.\-/[\]]+)\s*(==|!=|>=|<=|=|>|<)\s*(.*)$/);
    if (m) return { key: m[1]!, op: (m[2] === '=' ? '==' : m[2]) as '==', value: m[3]!.trim().replace(/^"(.*)"$/, '$1') };
    m = p.match(/^(!?)([\w.\-/[\]]+)$/);
    if (m) return { key: m[2]!, op: m[1] ? '!exists' : 'exists' };
    throw new ExecutorError('Resource', `${field}: cannot parse requirement "${p}" (expected e.g. "status.phase == Succeeded")`);
  });
}

/** Looks a dotted path up in an object; list indexes allowed (`items.0.name`). */
export function lookup(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const asText = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

export function matches(obj: unknown, reqs: Requirement[]): boolean {
  return reqs.every((r) => {
    const v = lookup(obj, r.key);
    switch (r.op) {
      case 'exists': return v !== undefined && v !== null;
      case '!exists': return v === undefined || v === null;
      case 'in': return v !== undefined && r.values.includes(asText(v));
      case 'notin': return v === undefined || !r.values.includes(asText(v));
      case '==': return v !== undefined && asText(v) === r.value;
      case '!=': return v === undefined || asText(v) !== r.value;
      default: {
        const a = Number(v);
        const b = Number(r.value);
        if (v === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
        return r.op === '>' ? a > b : r.op === '<' ? a < b : r.op === '>=' ? a >= b : a <= b;
      }
    }
  });
}

/** kubectl-style `{.status.x}` JSONPath, the subset Argo's examples use (dotted fields, indexes). */
export function jsonPath(obj: unknown, expr: string): string {
  const inner = expr.trim().replace(/^\{(.*)\}$/s, '$1').trim().replace(/^\$/, '');
  const v = lookup(obj, inner);
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
