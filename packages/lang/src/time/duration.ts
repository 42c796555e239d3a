/**
 * Go's time.Duration: one grammar for every place a workflow or a flag takes
 * a duration. `1h30m`, `300ms`, `-1.5h`, `.5s`, `0`; units ns, us (µs, μs),
 * ms, s, m, h. Options add what some places accept on top: a bare number of
 * seconds (Argo's `suspend.duration`, `retryStrategy.backoff.duration`) and
 * days (`d`, accepted only by the CLI's `--since`/`--older`, as Argo's CLI
 * does). Go rejects `1d` everywhere else, and so do we.
 */
import { typeError } from '../expr/errors.js';

/** A time.Duration value inside expressions (nanoseconds). */
export class Duration {
  constructor(readonly ns: number) {}
  toString(): string { return formatGoDuration(this.ns); }
}

export interface DurationOptions {
  /** A bare number (`30`, `1.5`) means seconds. */
  bareSeconds?: boolean;
  /** Accept `d` (24h) as a unit. */
  days?: boolean;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };
const GO = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const WITH_DAYS = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/g;

/** Nanoseconds, or undefined when `text` is not a duration in this grammar. */
export function durationNanos(text: string, opts: DurationOptions = {}): number | undefined {
  const s = text.trim();
  // strconv.Atoi, as Argo's ParseStringToDuration tries first: an integer, not `1.5`.
  if (opts.bareSeconds && /^[-+]?\d+$/.test(s)) return Number(s) * 1e9;
  if (/^[-+]?0$/.test(s)) return 0;
  const m = (opts.days ? WITH_DAYS : GO).exec(s);
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, '').matchAll(PART)) total += Number(part[1]) * UNITS[part[2]!]!;
  return m[1] === '-' ? -total : total;
}

/** time.ParseDuration; throws Go's message for bad text. */
export function parseGoDuration(text: string, opts: DurationOptions = {}): Duration {
  const ns = durationNanos(text, opts);
  if (ns === undefined) throw typeError(goDurationError(text));
  return new Duration(ns);
}

/** The error Go's time.ParseDuration gives for `text` (which it refuses): unknown unit, missing unit, or invalid. */
export function goDurationError(text: string): string {
  const q = JSON.stringify(text);
  let rest = text.replace(/^[-+]/, '');
  if (rest === '') return `time: invalid duration ${q}`;
  while (rest !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.') return `time: invalid duration ${q}`;
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${q}`;
    if (!(unit in UNITS) || unit === 'd') return `time: unknown unit ${JSON.stringify(unit)} in duration ${q}`;
    rest = rest.slice(unit.length);
  }
  return `time: invalid duration ${q}`;
}

/**
 * Argo's ParseStringToDuration for a spec field (`suspend.duration`, retry backoff):
 * seconds, or the error Argo gives, e.g. `unable to parse 1d as a duration: time: unknown unit "d" in duration "1d"`.
 */
export function specDurationSeconds(text: string): { seconds: number } | { error: string } {
  const ns = durationNanos(text, { bareSeconds: true });
  return ns === undefined ? { error: `unable to parse ${text} as a duration: ${goDurationError(text)}` } : { seconds: ns / 1e9 };
}

/**
 * Seconds from a spec field that holds an int or a duration string (Argo's
 * parseStringToDuration): undefined when absent or not a duration.
 */
export function durationSeconds(v: string | number | null | undefined): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return v;
  const ns = durationNanos(v, { bareSeconds: true });
  return ns === undefined ? undefined : ns / 1e9;
}

/** Go's Duration.String(): "1h2m3.5s", "1.5ms", "0s". */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  let out: string;
  if (n < 1e3) out = `${n}ns`;
  else if (n < 1e6) out = `${trimFloat(n / 1e3)}µs`;
  else if (n < 1e9) out = `${trimFloat(n / 1e6)}ms`;
  else {
    const h = Math.floor(n / 3600e9);
    n -= h * 3600e9;
    const m = Math.floor(n / 60e9);
    n -= m * 60e9;
    const sec = `${trimFloat(n / 1e9)}s`;
    out = h > 0 ? `${h}h${m}m${sec}` : m > 0 ? `${m}m${sec}` : sec;
  }
  return neg ? `-${out}` : out;
}

function trimFloat(x: number): string {
  return String(Number(x.toFixed(9)));
}
