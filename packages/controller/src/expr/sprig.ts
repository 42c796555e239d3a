/**
 * `sprig.<fn>` in expressions: the commonly used part of Masterminds sprig v3
 * with its argument order (the subject comes last: `sprig.trimPrefix('v', s)`)
 * and its lenient conversions (`sprig.int('x')` is 0, not an error).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { evalError } from './errors.js';
import { formatGoTime, parseGoTime } from './gotime.js';
import { goRegExp, goReplacement } from './regex.js';
import { deepEqual, Duration, goString, isMap, toJsonText, typeName, type Fn } from './values.js';
import { decodeBase64 } from './builtins.js';

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
function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v * 1000);
  if (typeof v === 'string') { const d = new Date(v); if (!Number.isNaN(d.getTime())) return d; }
  return new Date();
}
function randomFrom(alphabet: string, n: unknown): string {
  const count = i64(n);
  const bytes = randomBytes(count);
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
function hash(algo: string): Fn { return (v: unknown) => createHash(algo).update(str(v)).digest('hex'); }
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
  b64enc: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
  b64dec: (s) => { try { return decodeBase64(str(s)); } catch (e) { return (e as Error).message; } },
  toString: (v: unknown) => str(v),
  toStrings: (l) => list(l).map(str),
  regexMatch: (re, s) => goRegExp(str(re)).test(str(s)),
  regexFind: (re, s) => goRegExp(str(re)).exec(str(s))?.[0] ?? '',
  regexFindAll: (re, s, n) => { const all = [...str(s).matchAll(goRegExp(str(re), true))].map((m) => m[0]); const c = i64(n); return c < 0 ? all : all.slice(0, c); },
  regexReplaceAll: (re, s, r) => str(s).replace(goRegExp(str(re), true), goReplacement(str(r))),
  regexReplaceAllLiteral: (re, s, r) => str(s).replace(goRegExp(str(re), true), () => str(r)),
  regexSplit: (re, s, n) => { const parts = str(s).split(goRegExp(str(re), true)); const c = i64(n); return c < 0 ? parts : parts.slice(0, c); },
  sha256sum: hash('sha256'),
  sha1sum: hash('sha1'),
  uuidv4: () => randomUUID(),
  randAlpha: (n) => randomFrom(ALPHA, n),
  randAlphaNum: (n) => randomFrom(ALPHA + DIGITS, n),
  randNumeric: (n) => randomFrom(DIGITS, n),
};

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

const DATES: Record<string, Fn> = {
  now: () => new Date(),
  date: (fmt, d) => formatGoTime(toDate(d), str(fmt)),
  dateInZone: (fmt, d) => formatGoTime(toDate(d), str(fmt)),
  htmlDate: (d) => formatGoTime(toDate(d), '2006-01-02'),
  unixEpoch: (d) => String(Math.floor(toDate(d).getTime() / 1000)),
  toDate: (fmt, s) => parseGoTime(str(s), str(fmt)),
  duration: (sec) => new Duration(i64(sec) * 1e9).toString(),
  dateModify: (mod, d) => new Date(toDate(d).getTime() + parseDurationLoose(str(mod))),
};

function parseDurationLoose(s: string): number {
  const m = /^([-+]?\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/.exec(s);
  if (!m) return 0;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
  return Number(m[1]) * unit[m[2]!]!;
}

/** The `sprig` object seen by expressions. `env` and `expandenv` are left out, as in Argo. */
export const SPRIG: Readonly<Record<string, Fn>> = Object.freeze({ ...STRINGS, ...NUMBERS, ...DATA, ...DATES });
