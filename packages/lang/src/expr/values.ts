/**
 * Runtime values of the expression languages: JSON-like data plus Go's
 * time.Time (a JS Date) and time.Duration (`Duration`, nanoseconds), with the
 * equality, ordering and JSON encoding Go would apply to them.
 */
import { typeError } from './errors.js';
import { Duration } from '../time/duration.js';

export type Fn = (...args: unknown[]) => unknown;

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Duration);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'time.Time';
  if (v instanceof Duration) return 'time.Duration';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'function') return 'func';
  if (isMap(v)) return 'map';
  return typeof v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.ns === b.ns;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Ordering for `< > <= >=`: numbers, strings, times and durations, never across kinds. */
export function compare(op: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Duration && b instanceof Duration) return a.ns - b.ns;
  throw typeError(`invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
}

/** Go's json.Marshal: compact, times as RFC 3339, durations as nanoseconds, no HTML escaping surprises. */
export function toJsonText(v: unknown, indent?: string): string {
  return JSON.stringify(v, jsonReplacer, indent) ?? 'null';
}

function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.toISOString().replace('.000Z', 'Z');
  if (raw instanceof Duration) return raw.ns;
  if (typeof value === 'function') return null;
  if (value === undefined) return null;
  return value;
}

/** Go's fmt `%v` for the values we produce (used where Argo formats items and sprig stringifies). */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return formatGoDate(v);
  if (v instanceof Duration) return v.toString();
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goString(v[k])}`).join(' ')}]`;
  return String(v);
}

function formatGoDate(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23)} +0000 UTC`;
}
