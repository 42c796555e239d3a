/**
 * CronWorkflow schedules as Argo reads them (robfig/cron's `ParseStandard`):
 * five fields or a descriptor (`@hourly`, `@every 30s`), optionally prefixed
 * by `CRON_TZ=`/`TZ=`, evaluated in `spec.timezone` (default: the machine's).
 *
 * Parsing and next-time computation are croner's. Two things sit on top of it
 * (decision 0013): a guard that refuses what robfig/cron refuses but croner
 * accepts (six fields, `L`, `W`, `#`, weekday 7) and names values out of
 * range in the field's own terms, and robfig/cron's handling
 * of daylight saving, which Argo documents: a wall time that does not exist
 * (spring forward) is skipped, not moved to the next hour, and a wall time
 * that happens twice (fall back) runs twice.
 */
import { Cron } from 'croner';
import { everyDelayMs } from './every.js';
import { localTimeZone, offsetMinutes, sameWallClock, timeZoneProblem } from './zone.js';

export interface Schedule {
  /** The schedule as written, without a `CRON_TZ=` prefix. */
  readonly text: string;
  /** The zone its wall times are read in. */
  readonly timeZone: string;
  /** The first run strictly after `after` (undefined when there is none, e.g. `0 0 30 2 *`). */
  next(after: Date): Date | undefined;
}

/** A schedule that does not parse: permanent (the manifest must change). */
export class ScheduleError extends Error {
  readonly code = 'invalid-schedule';
  readonly transient = false;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const BOUNDS = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]] as const;
const NAMES = [[], [], [], ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']];
const MS_HOUR = 3_600_000;

/**
 * robfig/cron accepts numbers, names (months, weekdays), `*`, `?`, ranges,
 * lists and steps; croner accepts more. Refuse the difference, so that what
 * lints here is what Argo schedules.
 */
function dialectProblem(fields: string[]): string | undefined {
  for (let i = 0; i < fields.length; i++) {
    for (const tok of fields[i]!.split(/[,\-/]/)) {
      if (tok === '*' || tok === '?') continue;
      if (/^\d+$/.test(tok)) {
        // Checked here, not left to croner: its messages count days and months from 0.
        const [min, max] = BOUNDS[i]!;
        if (Number(tok) < min || Number(tok) > max) return `${FIELDS[i]}: "${tok}" is outside ${min}-${max}`;
        continue;
      }
      if (NAMES[i]!.includes(tok.toUpperCase())) continue;
      return `${FIELDS[i]}: "${tok}" is not a number${NAMES[i]!.length ? ' or name' : ''}`;
    }
  }
  return undefined;
}

/** Croner's messages name the problem but start with its own class name. */
function cronerMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Cron(Pattern|Date)?:\s*/, '');
}

class EverySchedule implements Schedule {
  constructor(readonly text: string, readonly timeZone: string, private readonly delayMs: number) {}
  next(after: Date): Date {
    return new Date(Math.floor(after.getTime() / 1000) * 1000 + this.delayMs);
  }
}

class CronSchedule implements Schedule {
  constructor(readonly text: string, readonly timeZone: string, private readonly cron: Cron) {}

  next(after: Date): Date | undefined {
    let n: Date | undefined = this.cron.nextRun(after) ?? undefined;
    // croner moves a wall time lost to spring-forward to the next valid instant; robfig skips it.
    for (let guard = 0; n && !this.cron.match(n) && guard < 64; guard++) n = this.cron.nextRun(n) ?? undefined;
    const again = this.secondPass(after);
    return again && (!n || again < n) ? again : n;
  }

  /**
   * robfig walks real time, so a wall time inside an hour that the clock
   * repeats (fall back) matches on both passes; croner yields only the first.
   * The earliest second-pass run after `after`, if one is near.
   */
  private secondPass(after: Date): Date | undefined {
    const t = after.getTime();
    if (offsetMinutes(new Date(t - 3 * MS_HOUR), this.timeZone) === offsetMinutes(new Date(t + 3 * MS_HOUR), this.timeZone)) return undefined;
    let best: Date | undefined;
    for (let m = this.cron.nextRun(new Date(t - 3 * MS_HOUR)); m && m.getTime() <= t; m = this.cron.nextRun(m)) {
      const shift = offsetMinutes(m, this.timeZone) - offsetMinutes(new Date(m.getTime() + 2 * MS_HOUR), this.timeZone);
      if (shift <= 0) continue;
      const again = new Date(m.getTime() + shift * 60_000);
      if (again.getTime() > t && sameWallClock(m, again, this.timeZone) && (!best || again < best)) best = again;
    }
    return best;
  }
}

/** Parses one entry of `spec.schedules` in `timeZone` (default: the machine's zone); throws ScheduleError. */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  let text = schedule.trim();
  let zone = timeZone || undefined;
  const prefixed = /^(?:CRON_TZ|TZ)=(\S*)\s+([\s\S]*)$/.exec(text);
  if (prefixed) {
    if (zone) throw new ScheduleError(`schedule has its own ${text.split('=')[0]}= and spec.timezone is also set; keep one`);
    zone = prefixed[1]!;
    text = prefixed[2]!.trim();
  }
  zone ??= localTimeZone();
  const zoneProblem = timeZoneProblem(zone);
  if (zoneProblem) throw new ScheduleError(zoneProblem);
  if (text.startsWith('@every ')) {
    const delay = everyDelayMs(text.slice(7).trim());
    if (typeof delay !== 'number') throw new ScheduleError(delay.error);
    return new EverySchedule(text, zone, delay);
  }
  let pattern = text;
  if (text.startsWith('@')) {
    pattern = DESCRIPTORS[text] ?? '';
    if (!pattern) throw new ScheduleError(`unrecognized descriptor: ${text}`);
  }
  const fields = pattern.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new ScheduleError(`expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}: [${fields.join(' ')}]`);
  const dialect = dialectProblem(fields);
  if (dialect) throw new ScheduleError(dialect);
  try {
    // sloppyRanges: robfig reads `5/10` as `5-59/10`; legacy OR of day-of-month and day-of-week, as robfig.
    return new CronSchedule(text, zone, new Cron(fields.join(' '), { timezone: zone, paused: true, mode: '5-part', sloppyRanges: true, domAndDow: false }));
  } catch (e) {
    throw new ScheduleError(cronerMessage(e));
  }
}

/** Why a schedule does not parse (Argo's SpecError wording follows: `cron schedule <s> is malformed: <why>`), or undefined. */
export function scheduleProblem(schedule: string, timeZone?: string): string | undefined {
  try {
    parseSchedule(schedule, timeZone);
    return undefined;
  } catch (e) {
    if (e instanceof ScheduleError) return e.message;
    throw e;
  }
}
