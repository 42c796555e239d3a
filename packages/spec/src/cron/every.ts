/**
 * `@every <duration>`: robfig/cron's constant-delay schedule. The duration is
 * a Go duration (`30s`, `1h30m`, `1.5m`); below one second it runs every
 * second, and it is truncated to whole seconds, as robfig/cron does.
 */
import { durationNanos, goDurationError } from '@argo-ts/lang';

/** Milliseconds of a Go duration (lang's one grammar), or Go's error. */
export function goDurationMs(text: string): number | { error: string } {
  const ns = durationNanos(text);
  return ns !== undefined ? ns / 1e6 : { error: goDurationError(text) };
}

/** The delay between runs of `@every <text>`, in whole seconds as milliseconds. */
export function everyDelayMs(text: string): number | { error: string } {
  const ms = goDurationMs(text);
  if (typeof ms !== 'number') return { error: `failed to parse duration @every ${text}: ${ms.error}` };
  if (ms < 1000) return 1000;
  return ms - (ms % 1000);
}
