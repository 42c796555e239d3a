/**
 * `@every <duration>`: robfig/cron's constant-delay schedule. The duration is
 * a Go duration (`30s`, `1h30m`, `1.5m`); below one second it runs every
 * second, and it is truncated to whole seconds, as robfig/cron does.
 */

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds of a Go duration, or a Go-worded error. */
export function goDurationMs(text: string): number | { error: string } {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) { sign = s.startsWith('-') ? -1 : 1; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') return { error: `time: invalid duration "${text}"` };
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m) {
      const rest = s.slice(at);
      if (/^(\d+(\.\d*)?|\.\d+)$/.test(rest)) return { error: `time: missing unit in duration "${text}"` };
      const unit = /^(?:\d+(?:\.\d*)?|\.\d+)([^\d.]+)/.exec(rest)?.[1];
      return { error: unit ? `time: unknown unit "${unit}" in duration "${text}"` : `time: invalid duration "${text}"` };
    }
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return sign * total;
}

/** The delay between runs of `@every <text>`, in whole seconds as milliseconds. */
export function everyDelayMs(text: string): number | { error: string } {
  const ms = goDurationMs(text);
  if (typeof ms !== 'number') return { error: `failed to parse duration @every ${text}: ${ms.error}` };
  if (ms < 1000) return 1000;
  return ms - (ms % 1000);
}
