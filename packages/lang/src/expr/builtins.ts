/**
 * expr-lang's built-in functions, plus Argo's additions (`asInt`, `asFloat`,
 * `jsonpath`, `toJson`). One entry per function; predicates (`filter(xs, # > 1)`)
 * are in PREDICATES because they receive the unevaluated closure.
 */
import type { Node } from './ast.js';
import { evalError, typeError } from './errors.js';
import { decodeBase64 } from './base64.js';
import { asBool, withFrame, type EvalContext, type ExprRuntime } from './context.js';
import { parseAnyTime, parseGoTime } from '../time/gotime.js';
import { jsonpath } from './jsonpath.js';
import { compare, deepEqual, goString, isMap, toJsonText, typeName, type Fn } from './values.js';
import { Duration } from '../time/duration.js';
import { parseGoDuration } from '../time/duration.js';

function arr(v: unknown, fn: string): unknown[] {
  if (!Array.isArray(v)) throw typeError(`${fn}: expected an array, got ${typeName(v)}`);
  return v;
}
function s(v: unknown, fn: string): string {
  if (typeof v !== 'string') throw typeError(`${fn}: expected a string, got ${typeName(v)}`);
  return v;
}
function num(v: unknown, fn: string): number {
  if (typeof v !== 'number') throw typeError(`${fn}: expected a number, got ${typeName(v)}`);
  return v;
}

export function toInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  if (v instanceof Duration) return v.ns;
  throw typeError(`invalid operation: int(${typeName(v)}${typeof v === 'string' ? ` ${JSON.stringify(v)}` : ''})`);
}

export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw typeError(`invalid operation: float(${typeName(v)}${typeof v === 'string' ? ` ${JSON.stringify(v)}` : ''})`);
}

function numbers(args: unknown[], fn: string): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return list.map((x) => num(x, fn));
}

function trimChars(v: string, chars: string | undefined, left: boolean, right: boolean): string {
  if (chars === undefined) return left && right ? v.trim() : left ? v.trimStart() : v.trimEnd();
  let a = 0;
  let b = v.length;
  while (left && a < b && chars.includes(v[a]!)) a++;
  while (right && b > a && chars.includes(v[b - 1]!)) b--;
  return v.slice(a, b);
}

function len(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw typeError(`invalid argument for len (type ${typeName(v)})`);
}

const BUILTINS: Record<string, Fn> = {
  len,
  int: toInt,
  asInt: toInt,
  float: toFloat,
  asFloat: toFloat,
  string: (v) => (typeof v === 'string' ? v : goString(v)),
  type: (v) => typeName(v),
  abs: (v) => Math.abs(num(v, 'abs')),
  ceil: (v) => Math.ceil(num(v, 'ceil')),
  floor: (v) => Math.floor(num(v, 'floor')),
  round: (v) => Math.round(num(v, 'round')),
  max: (...a) => Math.max(...numbers(a, 'max')),
  min: (...a) => Math.min(...numbers(a, 'min')),
  sum: (v) => arr(v, 'sum').reduce<number>((t, x) => t + num(x, 'sum'), 0),
  mean: (v) => { const l = numbers([v], 'mean'); return l.length ? l.reduce((t, x) => t + x, 0) / l.length : 0; },
  median: (v) => {
    const l = numbers([v], 'median').sort((a, b) => a - b);
    if (!l.length) return 0;
    const m = l.length >> 1;
    return l.length % 2 ? l[m]! : (l[m - 1]! + l[m]!) / 2;
  },
  trim: (v, c) => trimChars(s(v, 'trim'), c as string | undefined, true, true),
  trimPrefix: (v, p) => { const x = s(v, 'trimPrefix'); const q = s(p ?? ' ', 'trimPrefix'); return x.startsWith(q) ? x.slice(q.length) : x; },
  trimSuffix: (v, p) => { const x = s(v, 'trimSuffix'); const q = s(p ?? ' ', 'trimSuffix'); return q && x.endsWith(q) ? x.slice(0, -q.length) : x; },
  upper: (v) => s(v, 'upper').toUpperCase(),
  lower: (v) => s(v, 'lower').toLowerCase(),
  split: (v, sep, n) => splitN(s(v, 'split'), s(sep, 'split'), n === undefined ? -1 : toInt(n), false),
  splitAfter: (v, sep, n) => splitN(s(v, 'splitAfter'), s(sep, 'splitAfter'), n === undefined ? -1 : toInt(n), true),
  replace: (v, o, n) => s(v, 'replace').split(s(o, 'replace')).join(s(n, 'replace')),
  repeat: (v, n) => s(v, 'repeat').repeat(toInt(n)),
  indexOf: (v, sub) => s(v, 'indexOf').indexOf(s(sub, 'indexOf')),
  lastIndexOf: (v, sub) => s(v, 'lastIndexOf').lastIndexOf(s(sub, 'lastIndexOf')),
  hasPrefix: (v, p) => s(v, 'hasPrefix').startsWith(s(p, 'hasPrefix')),
  hasSuffix: (v, p) => s(v, 'hasSuffix').endsWith(s(p, 'hasSuffix')),
  join: (v, sep) => arr(v, 'join').map((x) => s(x, 'join')).join(sep === undefined ? '' : s(sep, 'join')),
  keys: (v) => { if (!isMap(v)) throw typeError(`keys: expected a map, got ${typeName(v)}`); return Object.keys(v); },
  values: (v) => { if (!isMap(v)) throw typeError(`values: expected a map, got ${typeName(v)}`); return Object.values(v); },
  toPairs: (v) => { if (!isMap(v)) throw typeError('toPairs: expected a map'); return Object.entries(v); },
  fromPairs: (v) => Object.fromEntries(arr(v, 'fromPairs').map((p) => { const [k, x] = arr(p, 'fromPairs'); return [String(k), x]; })),
  first: (v) => (Array.isArray(v) ? v[0] ?? null : null),
  last: (v) => (Array.isArray(v) ? v[v.length - 1] ?? null : null),
  get: (v, k) => {
    if (Array.isArray(v)) { const i = toInt(k); const j = i < 0 ? v.length + i : i; return v[j] ?? null; }
    return isMap(v) && Object.hasOwn(v, String(k)) ? v[String(k)] ?? null : null;
  },
  concat: (...a) => a.flatMap((x) => arr(x, 'concat')),
  reverse: (v) => [...arr(v, 'reverse')].reverse(),
  uniq: (v) => arr(v, 'uniq').filter((x, i, all) => all.findIndex((y) => deepEqual(x, y)) === i),
  flatten: (v) => arr(v, 'flatten').flat(Infinity),
  sort: (v, order) => {
    const out = [...arr(v, 'sort')].sort((a, b) => compare('sort', a, b));
    return order === 'desc' ? out.reverse() : out;
  },
  toJSON: (v) => toJsonText(v, '  '),
  toJson: (v) => toJsonText(v),
  fromJSON: (v) => parseJson(s(v, 'fromJSON')),
  toBase64: (v) => Buffer.from(s(v, 'toBase64'), 'utf8').toString('base64'),
  fromBase64: (v) => decodeBase64(s(v, 'fromBase64')),
  jsonpath: (v, p) => jsonpath(s(v, 'jsonpath'), s(p, 'jsonpath')),
  duration: (v) => parseGoDuration(s(v, 'duration')),
  date: (v, layout) => {
    if (v instanceof Date) return v;
    if (typeof v === 'number') return new Date(v * 1000);
    return layout === undefined ? parseAnyTime(s(v, 'date')) : parseGoTime(s(v, 'date'), s(layout, 'date'));
  },
};

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw evalError(`fromJSON: invalid JSON ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text)}: ${(e as Error).message}`);
  }
}


function splitN(v: string, sep: string, n: number, after: boolean): string[] {
  if (n === 0) return [];
  const parts = sep === '' ? [...v] : v.split(sep);
  const pieces = after ? parts.map((p, i) => (i < parts.length - 1 ? p + sep : p)) : parts;
  if (n < 0 || pieces.length <= n) return pieces;
  const head = pieces.slice(0, n - 1);
  return [...head, pieces.slice(n - 1).join(after ? '' : sep)];
}

export function isBuiltin(name: string): boolean {
  return name === 'now' || Object.hasOwn(BUILTINS, name) || Object.hasOwn(PREDICATES, name);
}

export function callBuiltin(name: string, args: unknown[], runtime: ExprRuntime): unknown {
  if (name === 'now') return runtime.now;
  const f = BUILTINS[name];
  if (!f) throw typeError(`${name}: expects a predicate as its second argument`);
  return f(...args);
}

type Predicate = (items: unknown[], body: Node, cx: EvalContext, rest: unknown[]) => unknown;

const each = (items: unknown[], body: Node, cx: EvalContext, f: (r: unknown, item: unknown, i: number) => boolean | void): void => {
  for (let i = 0; i < items.length; i++) {
    if (withFrame(cx, { item: items[i], index: i }, body, (r) => f(r, items[i], i)) === false) return;
  }
};
const test = (fn: string) => (r: unknown): boolean => asBool(r, fn);

const PREDICATES: Record<string, Predicate> = {
  all: (xs, b, cx) => { let ok = true; each(xs, b, cx, (r) => { if (!test('all')(r)) { ok = false; return false; } }); return ok; },
  any: (xs, b, cx) => { let ok = false; each(xs, b, cx, (r) => { if (test('any')(r)) { ok = true; return false; } }); return ok; },
  none: (xs, b, cx) => { let ok = true; each(xs, b, cx, (r) => { if (test('none')(r)) { ok = false; return false; } }); return ok; },
  one: (xs, b, cx) => { let n = 0; each(xs, b, cx, (r) => { if (test('one')(r)) n++; }); return n === 1; },
  count: (xs, b, cx) => { let n = 0; each(xs, b, cx, (r) => { if (test('count')(r)) n++; }); return n; },
  filter: (xs, b, cx) => { const out: unknown[] = []; each(xs, b, cx, (r, x) => { if (test('filter')(r)) out.push(x); }); return out; },
  map: (xs, b, cx) => { const out: unknown[] = []; each(xs, b, cx, (r) => { out.push(r); }); return out; },
  find: (xs, b, cx) => { let hit: unknown = null; each(xs, b, cx, (r, x) => { if (test('find')(r)) { hit = x; return false; } }); return hit; },
  findIndex: (xs, b, cx) => { let hit = -1; each(xs, b, cx, (r, _x, i) => { if (test('findIndex')(r)) { hit = i; return false; } }); return hit; },
  findLast: (xs, b, cx) => { let hit: unknown = null; each(xs, b, cx, (r, x) => { if (test('findLast')(r)) hit = x; }); return hit; },
  findLastIndex: (xs, b, cx) => { let hit = -1; each(xs, b, cx, (r, _x, i) => { if (test('findLastIndex')(r)) hit = i; }); return hit; },
  sum: (xs, b, cx) => { let t = 0; each(xs, b, cx, (r) => { t += num(r, 'sum'); }); return t; },
  groupBy: (xs, b, cx) => {
    const out: Record<string, unknown[]> = {};
    each(xs, b, cx, (r, x) => { (out[goString(r)] ??= []).push(x); });
    return out;
  },
  sortBy: (xs, b, cx, rest) => {
    const keyed: Array<[unknown, unknown]> = [];
    each(xs, b, cx, (r, x) => { keyed.push([r, x]); });
    keyed.sort((p, q) => compare('sortBy', p[0], q[0]));
    const out = keyed.map((p) => p[1]);
    return rest[0] === 'desc' ? out.reverse() : out;
  },
  reduce: (xs, b, cx, rest) => {
    let acc: unknown = rest.length ? rest[0] : xs[0];
    const start = rest.length ? 0 : 1;
    for (let i = start; i < xs.length; i++) {
      acc = withFrame(cx, { item: xs[i], index: i, acc }, b, (r) => r);
    }
    return acc ?? null;
  },
};

export function callPredicate(name: string, args: Node[], cx: EvalContext): unknown {
  const p = PREDICATES[name];
  if (!p) throw evalError(`${name}() does not take a predicate`);
  const items = cx.ev(args[0]!, cx);
  const list = items === null ? [] : isMap(items) ? Object.values(items) : arr(items, name);
  const body = (args[1] as Extract<Node, { k: 'closure' }>).body;
  return p(list, body, cx, args.slice(2).map((a) => cx.ev(a, cx)));
}
