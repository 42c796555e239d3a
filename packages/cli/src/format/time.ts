/** Durations and timestamps printed the way Argo's CLI prints them. */
import { durationNanos } from '@argo-ts/lang';

const UNITS: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];

/** Compact duration: the largest unit only (`5s`, `3m`, `2h`, `4d`), as in list AGE and tree DURATION. */
export function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of UNITS) if (s >= size) return `${Math.floor(s / size)}${unit}`;
  return '0s';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Long duration with two units at most: `10 seconds`, `1 minute 5 seconds`, `2 hours 3 minutes`. */
export function longDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return plural(s, 'second');
  if (s < 3600) return [plural(Math.floor(s / 60), 'minute'), s % 60 ? plural(s % 60, 'second') : ''].filter(Boolean).join(' ');
  if (s < 86400) return [plural(Math.floor(s / 3600), 'hour'), Math.floor((s % 3600) / 60) ? plural(Math.floor((s % 3600) / 60), 'minute') : ''].filter(Boolean).join(' ');
  return [plural(Math.floor(s / 86400), 'day'), Math.floor((s % 86400) / 3600) ? plural(Math.floor((s % 86400) / 3600), 'hour') : ''].filter(Boolean).join(' ');
}

/** `2 minutes ago` / `in 3 seconds` / `now`. */
export function relativeTime(t: Date, now: Date): string {
  const diff = Math.round((now.getTime() - t.getTime()) / 1000);
  if (diff === 0) return 'now';
  const words = longDuration(Math.abs(diff)).split(' ').slice(0, 2).join(' ');
  return diff > 0 ? `${words} ago` : `in ${words}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Go layout `Mon Jan 02 15:04:05 -0700` in local time. */
export function argoTimestamp(t: Date): string {
  const off = -t.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const zone = `${sign}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
  return `${DAYS[t.getDay()]} ${MONTHS[t.getMonth()]} ${p2(t.getDate())} ${p2(t.getHours())}:${p2(t.getMinutes())}:${p2(t.getSeconds())} ${zone}`;
}

export function parseTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Seconds between two times; an unfinished interval runs until `now`. */
export function secondsBetween(start: string | undefined, end: string | undefined, now: Date): number | undefined {
  const a = parseTime(start);
  if (!a) return undefined;
  const b = parseTime(end) ?? now;
  return (b.getTime() - a.getTime()) / 1000;
}

/**
 * Parses `30s`, `5m`, `3h`, `1d`, `1h30m` into seconds (the `--since` and
 * `--older` flags). Returns undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  // Go's grammar plus days, as Argo's CLI reads these flags.
  const ns = durationNanos(text, { days: true });
  return ns === undefined || ns < 0 ? undefined : ns / 1e9;
}
