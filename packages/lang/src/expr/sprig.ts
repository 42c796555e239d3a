/**
 * `sprig.<fn>` in expressions: the commonly used part of Masterminds sprig v3
 * with its argument order (the subject comes last: `sprig.trimPrefix('v', s)`)
 * and its lenient conversions (`sprig.int('x')` is 0, not an error).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import type { ExprRuntime } from './context.js';
import { evalError } from './errors.js';
import { formatGoTime, parseGoTime } from '../time/gotime.js';
import { durationNanos, Duration } from '../time/duration.js';
import { regexFind, regexFindAll, regexMatch, regexReplaceAll, regexReplaceAllLiteral, regexSplit } from '../regex/go-regexp.js';
import { deepEqual, goString, isMap, toJsonText, typeName, type Fn } from './values.js';

/** cast.ToInt64 as sprig uses it: numbers truncate, numeric strings parse, anything else is 0. */
function i64(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') { const t = v.trim(); return /^[-+]?\d+$/.test(t) ? parseInt(t, 10) : 0; }
  return 0;
}
function f64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') { const n = Number(v.trim()); return v.trim() !== '' && !Number.isNaN(n) ? n : 0; }
  return 0;
}
/** sprig's strval. */
function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : goString(v);
}
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  throw evalError(`sprig: cannot use ${typeName(v)} as a list`);
}
function empty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}
/** sprig's toDate: times as they are, numbers as Unix seconds, anything unreadable as now. */
function toDate(v: unknown, rt: ExprRuntime): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v * 1000);
  if (typeof v === 'string') { const d = new Date(v); if (!Number.isNaN(d.getTime())) return d; }
  return rt.now;
}
function randomFrom(rt: ExprRuntime, alphabet: string, n: unknown): string {
  const count = Math.max(0, i64(n));
  const bytes = rt.randomBytes(count);
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
/** A version 4 UUID from the runtime's random bytes (RFC 9562 section 5.4). */
function uuidv4(rt: ExprRuntime): string {
  const b = rt.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function hash(f: (b: Uint8Array) => Uint8Array): Fn { return (v: unknown) => bytesToHex(f(utf8ToBytes(str(v)))); }
function title(s: string): string { return s.replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()); }

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

const STRINGS: Record<string, Fn> = {
  trim: (s) => str(s).trim(),
  trimAll: (c, s) => { const cut = str(c); let x = str(s); while (x && cut.includes(x[0]!)) x = x.slice(1); while (x && cut.includes(x[x.length - 1]!)) x = x.slice(0, -1); return x; },
  trimPrefix: (p, s) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimSuffix: (p, s) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  upper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  title: (s) => title(str(s)),
  untitle: (s) => str(s).replace(/(^|\s)(\S)/g, (_m, a: string, b: string) => a + b.toLowerCase()),
  replace: (o, n, s) => str(s).split(str(o)).join(str(n)),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  repeat: (n, s) => str(s).repeat(Math.max(0, i64(n))),
  substr: (a, b, s) => { const x = str(s); const st = i64(a); const en = i64(b); if (st < 0) return x.slice(0, en); if (en < 0 || en > x.length) return x.slice(st); return x.slice(st, en); },
  trunc: (n, s) => { const x = str(s); const c = i64(n); return c < 0 ? x.slice(Math.max(0, x.length + c)) : x.slice(0, c); },
  nospace: (s) => str(s).replace(/\s+/g, ''),
  abbrev: (n, s) => { const x = str(s); const w = i64(n); return w < 4 || x.length <= w ? x : `${x.slice(0, w - 3)}...`; },
  quote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => JSON.stringify(str(x))).join(' '),
  squote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${str(x)}'`).join(' '),
  cat: (...a) => a.filter((x) => x !== null && x !== undefined).map(str).join(' '),
  indent: (n, s) => str(s).split('\n').map((l) => ' '.repeat(i64(n)) + l).join('\n'),
  nindent: (n, s) => `\n${str(s).split('\n').map((l) => ' '.repeat(i64(n)) + l).join('\n')}`,
  split: (sep, s) => Object.fromEntries(str(s).split(str(sep)).map((p, i) => [`_${i}`, p])),
  splitList: (sep, s) => str(s).split(str(sep)),
  splitn: (sep, n, s) => { const parts = str(s).split(str(sep)); const c = i64(n); const out = c > 0 && parts.length > c ? [...parts.slice(0, c - 1), parts.slice(c - 1).join(str(sep))] : parts; return Object.fromEntries(out.map((p, i) => [`_${i}`, p])); },
  join: (sep, l) => (Array.isArray(l) ? l.map(str) : [str(l)]).join(str(sep)),
  sortAlpha: (l) => list(l).map(str).sort(),
  b64enc: (s) => encodeBase64(str(s)),
  b64dec: (s) => { try { return decodeBase64(str(s)); } catch (e) { return (e as Error).message; } },
  toString: (v: unknown) => str(v),
  toStrings: (l) => list(l).map(str),
  regexMatch: (re, s) => regexMatch(str(re), str(s)),
  regexFind: (re, s) => regexFind(str(re), str(s)),
  regexFindAll: (re, s, n) => regexFindAll(str(re), str(s), i64(n)),
  regexReplaceAll: (re, s, r) => regexReplaceAll(str(re), str(s), str(r)),
  regexReplaceAllLiteral: (re, s, r) => regexReplaceAllLiteral(str(re), str(s), str(r)),
  regexSplit: (re, s, n) => regexSplit(str(re), str(s), i64(n)),
  sha256sum: hash(sha256),
  sha1sum: hash(sha1),
};

/** Helpers that read the runtime's randomness. */
const RANDOM = (rt: ExprRuntime): Record<string, Fn> => ({
  uuidv4: () => uuidv4(rt),
  randAlpha: (n) => randomFrom(rt, ALPHA, n),
  randAlphaNum: (n) => randomFrom(rt, ALPHA + DIGITS, n),
  randNumeric: (n) => randomFrom(rt, DIGITS, n),
});

const NUMBERS: Record<string, Fn> = {
  int: i64, int64: i64, atoi: i64, float64: f64,
  add: (...a) => a.reduce<number>((t, x) => t + i64(x), 0),
  add1: (a) => i64(a) + 1,
  sub: (a, b) => i64(a) - i64(b),
  mul: (...a) => a.reduce<number>((t, x) => t * i64(x), 1),
  div: (a, b) => { if (i64(b) === 0) throw evalError('sprig.div: integer divide by zero'); return Math.trunc(i64(a) / i64(b)); },
  mod: (a, b) => { if (i64(b) === 0) throw evalError('sprig.mod: integer divide by zero'); return i64(a) % i64(b); },
  max: (a, ...r) => r.reduce<number>((m, x) => Math.max(m, i64(x)), i64(a)),
  min: (a, ...r) => r.reduce<number>((m, x) => Math.min(m, i64(x)), i64(a)),
  addf: (...a) => a.reduce<number>((t, x) => t + f64(x), 0),
  subf: (a, ...r) => r.reduce<number>((t, x) => t - f64(x), f64(a)),
  mulf: (...a) => a.reduce<number>((t, x) => t * f64(x), 1),
  divf: (a, ...r) => r.reduce<number>((t, x) => t / f64(x), f64(a)),
  maxf: (a, ...r) => r.reduce<number>((m, x) => Math.max(m, f64(x)), f64(a)),
  minf: (a, ...r) => r.reduce<number>((m, x) => Math.min(m, f64(x)), f64(a)),
  floor: (a) => Math.floor(f64(a)),
  ceil: (a) => Math.ceil(f64(a)),
  round: (a, p) => { const k = 10 ** i64(p ?? 0); return Math.round(f64(a) * k) / k; },
  seq: (...a) => {
    const n = a.map(i64);
    const [start, step, end] = n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, n[0]! <= n[1]! ? 1 : -1, n[1]!] : [n[0]!, n[1]!, n[2]!];
    const out: number[] = [];
    if (step === 0) return '';
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(i);
    return out.join(' ');
  },
  until: (n) => Array.from({ length: Math.max(0, i64(n)) }, (_x, i) => i),
};

const DATA: Record<string, Fn> = {
  default: (d, given) => (empty(given) ? d : given),
  empty,
  coalesce: (...a) => a.find((x) => !empty(x)) ?? null,
  ternary: (t, f, c) => (c === true ? t : f),
  list: (...a) => a,
  dict: (...a) => { const out: Record<string, unknown> = {}; for (let i = 0; i < a.length; i += 2) out[str(a[i])] = a[i + 1] ?? ''; return out; },
  get: (d, k) => (isMap(d) && Object.hasOwn(d, str(k)) ? d[str(k)] : ''),
  hasKey: (d, k) => isMap(d) && Object.hasOwn(d, str(k)),
  keys: (...ds) => ds.flatMap((d) => (isMap(d) ? Object.keys(d) : [])),
  values: (d) => (isMap(d) ? Object.values(d) : []),
  pluck: (k, ...ds) => ds.filter((d) => isMap(d) && Object.hasOwn(d, str(k))).map((d) => (d as Record<string, unknown>)[str(k)]),
  merge: (dst, ...srcs) => Object.assign({}, ...srcs.filter(isMap).reverse(), isMap(dst) ? dst : {}),
  first: (l) => list(l)[0] ?? null,
  last: (l) => { const x = list(l); return x[x.length - 1] ?? null; },
  rest: (l) => list(l).slice(1),
  initial: (l) => list(l).slice(0, -1),
  append: (l, v) => [...list(l), v],
  push: (l, v) => [...list(l), v],
  prepend: (l, v) => [v, ...list(l)],
  concat: (...ls) => ls.flatMap(list),
  reverse: (l) => [...list(l)].reverse(),
  uniq: (l) => list(l).filter((x, i, all) => all.findIndex((y) => deepEqual(x, y)) === i),
  without: (l, ...o) => list(l).filter((x) => !o.some((y) => deepEqual(x, y))),
  has: (needle, l) => list(l).some((x) => deepEqual(x, needle)),
  compact: (l) => list(l).filter((x) => !empty(x)),
  slice: (l, a, b) => list(l).slice(a === undefined ? 0 : i64(a), b === undefined ? undefined : i64(b)),
  toJson: (v) => toJsonText(v),
  toRawJson: (v) => toJsonText(v),
  toPrettyJson: (v) => toJsonText(v, '  '),
  fromJson: (s) => { try { return JSON.parse(str(s)); } catch { return {}; } },
  kindOf: (v) => (Array.isArray(v) ? 'slice' : isMap(v) ? 'map' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float64') : typeof v === 'boolean' ? 'bool' : v === null ? 'invalid' : 'string'),
  typeOf: (v) => typeName(v),
  deepEqual: (a, b) => deepEqual(a, b),
};

/** Date helpers; the clock is the runtime's. */
const DATES = (rt: ExprRuntime): Record<string, Fn> => ({
  now: () => rt.now,
  date: (fmt, d) => formatGoTime(toDate(d, rt), str(fmt)),
  dateInZone: (fmt, d) => formatGoTime(toDate(d, rt), str(fmt)),
  htmlDate: (d) => formatGoTime(toDate(d, rt), '2006-01-02'),
  unixEpoch: (d) => String(Math.floor(toDate(d, rt).getTime() / 1000)),
  toDate: (fmt, s) => parseGoTime(str(s), str(fmt)),
  duration: (sec) => new Duration(i64(sec) * 1e9).toString(),
  // sprig's dateModify ignores a modifier time.ParseDuration rejects and returns the date unchanged.
  dateModify: (mod, d) => new Date(toDate(d, rt).getTime() + (durationNanos(str(mod)) ?? 0) / 1e6),
});

const PURE: Readonly<Record<string, Fn>> = { ...STRINGS, ...NUMBERS, ...DATA };
const perRuntime = new WeakMap<ExprRuntime, Readonly<Record<string, Fn>>>();

/** The `sprig` object seen by expressions over `rt`. `env` and `expandenv` are left out, as in Argo. */
export function sprigFor(rt: ExprRuntime): Readonly<Record<string, Fn>> {
  let s = perRuntime.get(rt);
  if (!s) {
    s = Object.freeze({ ...PURE, ...RANDOM(rt), ...DATES(rt) });
    perRuntime.set(rt, s);
  }
  return s;
}
