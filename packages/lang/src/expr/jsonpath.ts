/**
 * Argo's `jsonpath(jsonText, path)`: the JSONPath subset users write
 * (`$.a.b[0]`, `$['k-1']`, `$[*].x`, `$..x`, unions, slices and simple
 * `[?(@.k == 'v')]` filters). A definite path yields one value, any
 * wildcard/filter/union/slice yields a list; a missing key is an error.
 */
import { evalError } from './errors.js';
import { compare, deepEqual, isMap } from './values.js';

type Seg =
  | { t: 'key'; key: string }
  | { t: 'index'; i: number }
  | { t: 'wild' }
  | { t: 'recurse'; inner: Seg }
  | { t: 'union'; keys: Array<string | number> }
  | { t: 'slice'; from?: number; to?: number; step?: number }
  | { t: 'filter'; path: string[]; op?: string; value?: unknown };

export function jsonpath(text: string, path: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw evalError(`jsonpath: invalid JSON document: ${(e as Error).message}`);
  }
  const segs = parsePath(path);
  const definite = segs.every((s) => s.t === 'key' || s.t === 'index');
  let cur: unknown[] = [data];
  for (const seg of segs) cur = cur.flatMap((v) => step(v, seg, definite, path));
  return definite ? cur[0] ?? null : cur;
}

function step(v: unknown, seg: Seg, strict: boolean, path: string): unknown[] {
  switch (seg.t) {
    case 'key':
      if (isMap(v) && Object.hasOwn(v, seg.key)) return [v[seg.key]];
      if (strict) throw evalError(`jsonpath: key '${seg.key}' not found evaluating '${path}'`);
      return [];
    case 'index': {
      if (Array.isArray(v)) {
        const i = seg.i < 0 ? v.length + seg.i : seg.i;
        if (i >= 0 && i < v.length) return [v[i]];
      }
      if (strict) throw evalError(`jsonpath: index [${seg.i}] out of range evaluating '${path}'`);
      return [];
    }
    case 'wild': return Array.isArray(v) ? v : isMap(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
    case 'recurse': return descendants(v).flatMap((d) => step(d, seg.inner, false, path));
    case 'union': return seg.keys.flatMap((k) => step(v, typeof k === 'number' ? { t: 'index', i: k } : { t: 'key', key: k }, false, path));
    case 'slice': {
      if (!Array.isArray(v)) return [];
      const n = v.length;
      const norm = (x: number | undefined, d: number): number => (x === undefined ? d : Math.min(Math.max(x < 0 ? n + x : x, 0), n));
      const out: unknown[] = [];
      for (let i = norm(seg.from, 0); i < norm(seg.to, n); i += seg.step ?? 1) out.push(v[i]);
      return out;
    }
    case 'filter': {
      const items = Array.isArray(v) ? v : isMap(v) ? Object.values(v) : [];
      return items.filter((item) => matches(item, seg));
    }
    default: return [];
  }
}

function matches(item: unknown, seg: Extract<Seg, { t: 'filter' }>): boolean {
  let cur: unknown = item;
  for (const k of seg.path) {
    if (!isMap(cur) || !Object.hasOwn(cur, k)) return false;
    cur = cur[k];
  }
  if (!seg.op) return cur !== null && cur !== undefined && cur !== false;
  switch (seg.op) {
    case '==': return deepEqual(cur, seg.value);
    case '!=': return !deepEqual(cur, seg.value);
    default:
      try {
        const c = compare(seg.op, cur, seg.value);
        return seg.op === '<' ? c < 0 : seg.op === '<=' ? c <= 0 : seg.op === '>' ? c > 0 : c >= 0;
      } catch {
        return false;
      }
  }
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) for (const x of v) out.push(...descendants(x));
  else if (isMap(v)) for (const k of Object.keys(v)) out.push(...descendants(v[k]));
  return out;
}

function parsePath(path: string): Seg[] {
  const p = path.trim();
  if (!p.startsWith('$')) throw evalError(`jsonpath: path must start with $: '${path}'`);
  const segs: Seg[] = [];
  let i = 1;
  const fail = (): never => { throw evalError(`jsonpath: cannot parse '${path}' at position ${i}`); };
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      i += 2;
      const [inner, next] = p[i] === '[' ? bracket(p, i, fail) : dotted(p, i, fail);
      segs.push({ t: 'recurse', inner });
      i = next;
    } else if (p[i] === '.') {
      const [seg, next] = dotted(p, i + 1, fail);
      segs.push(seg);
      i = next;
    } else if (p[i] === '[') {
      const [seg, next] = bracket(p, i, fail);
      segs.push(seg);
      i = next;
    } else fail();
  }
  return segs;
}

function dotted(p: string, i: number, fail: () => never): [Seg, number] {
  if (p[i] === '*') return [{ t: 'wild' }, i + 1];
  const m = /^[^.[\]]+/.exec(p.slice(i));
  if (!m) fail();
  return [{ t: 'key', key: m![0] }, i + m![0].length];
}

function bracket(p: string, i: number, fail: () => never): [Seg, number] {
  const end = closingBracket(p, i);
  if (end < 0) fail();
  const body = p.slice(i + 1, end).trim();
  const next = end + 1;
  if (body === '*') return [{ t: 'wild' }, next];
  if (body.startsWith('?')) return [filter(body, fail), next];
  if (/^-?\d*:-?\d*(:-?\d+)?$/.test(body)) {
    const [a, b, c] = body.split(':').map((x) => (x === '' || x === undefined ? undefined : Number(x)));
    const seg: Seg = { t: 'slice' };
    if (a !== undefined) seg.from = a;
    if (b !== undefined) seg.to = b;
    if (c !== undefined) seg.step = c;
    return [seg, next];
  }
  const parts = splitUnion(body).map((x) => {
    const t = x.trim();
    if (/^-?\d+$/.test(t)) return Number(t);
    const q = /^(['"])(.*)\1$/.exec(t);
    if (!q) fail();
    return q![2]!;
  });
  if (parts.length === 1) return [typeof parts[0] === 'number' ? { t: 'index', i: parts[0] } : { t: 'key', key: parts[0]! }, next];
  return [{ t: 'union', keys: parts }, next];
}

function closingBracket(p: string, i: number): number {
  let quote = '';
  for (let j = i + 1; j < p.length; j++) {
    const c = p[j]!;
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === ']') return j;
  }
  return -1;
}

function splitUnion(body: string): string[] {
  const out: string[] = [];
  let quote = '';
  let cur = '';
  for (const c of body) {
    if (quote) { cur += c; if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    if (c === ',') { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

function filter(body: string, fail: () => never): Seg {
  const m = /^\?\(\s*@((?:\.[A-Za-z0-9_-]+)*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/.exec(body);
  if (!m) fail();
  const path = m![1]!.split('.').filter(Boolean);
  if (!m![2]) return { t: 'filter', path };
  const raw = m![3]!.trim();
  const q = /^(['"])(.*)\1$/.exec(raw);
  const value = q ? q[2] : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw);
  return { t: 'filter', path, op: m![2]!, value };
}
