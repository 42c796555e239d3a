/**
 * `@every <duration>`: robfig/cron's constant-delay schedule. The duration is
 * a Go duration (`30s`, `1h30m`, `1.5m`); below one second it runs every
 * second, and it is truncated to whole seconds, as robfig/cron does.
 */
import { durationNanos } from '@argo-ts/lang';

/** Milliseconds of a Go duration (lang's one grammar), or a Go-worded error. */
export function goDurationMs(text: string): number | { error: string } {
  const ns = durationNanos(text);
  if (ns !== undefined) return ns / 1e6;
  const body = text.replace(/^[-+]/, '');
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(body)) return { error: `time: missing unit in duration "${text}"` };
  const unit = /^(?:\d+(?:\.\d*)?|\.\d+)([^\d.]+)/.exec(body)?.[1];
  return { error: unit ? `time: unknown unit "${unit}" in duration "${text}"` : `time: invalid duration "${text}"` };
}

/** The delay between runs of `@every <text>`, in whole seconds as milliseconds. */
export function everyDelayMs(text: string): number | { error: string } {
  const ms = goDurationMs(text);
  if (typeof ms !== 'number') return { error: `failed to parse duration @every ${text}: ${ms.error}` };
  if (ms < 1000) return 1000;
  return ms - (ms % 1000);
}
