import { parseSchedule, scheduleProblem } from './schedule.js';
import { formatRfc3339 } from './zone.js';

const LA = 'America/Los_Angeles';

/** The first `n` runs after `from`, each as RFC 3339 in the schedule's zone. */
function runs(schedule: string, from: string, n: number, tz?: string): string[] {
  const s = parseSchedule(schedule, tz);
  const out: string[] = [];
  let t = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = s.next(t);
    if (!next) break;
    out.push(formatRfc3339(next, s.timeZone));
    t = next;
  }
  return out;
}

describe('daylight saving, as Argo documents it (docs/cron-workflows.md, America/Los_Angeles)', () => {
  // +1 hour on 2020-03-08 at 02:00: wall times from 02:00 to 02:59 do not exist that day and are skipped.
  it.each([
    ['59 1 * * *', ['2020-03-08T01:59:00-08:00', '2020-03-09T01:59:00-07:00', '2020-03-10T01:59:00-07:00']],
    ['0 2 * * *', ['2020-03-09T02:00:00-07:00', '2020-03-10T02:00:00-07:00', '2020-03-11T02:00:00-07:00']],
    ['1 2 * * *', ['2020-03-09T02:01:00-07:00', '2020-03-10T02:01:00-07:00', '2020-03-11T02:01:00-07:00']],
  ])('spring forward: %s', (cron, expected) => {
    expect(runs(cron, '2020-03-07T12:00:00Z', 3, LA)).toEqual(expected);
  });

  // -1 hour on 2020-11-01 at 02:00: wall times from 01:00 to 01:59 happen twice and run twice.
  it.each([
    ['59 1 * * *', ['2020-11-01T01:59:00-07:00', '2020-11-01T01:59:00-08:00', '2020-11-02T01:59:00-08:00']],
    ['0 2 * * *', ['2020-11-01T02:00:00-08:00', '2020-11-02T02:00:00-08:00', '2020-11-03T02:00:00-08:00']],
    ['1 2 * * *', ['2020-11-01T02:01:00-08:00', '2020-11-02T02:01:00-08:00', '2020-11-03T02:01:00-08:00']],
  ])('fall back: %s', (cron, expected) => {
    expect(runs(cron, '2020-10-31T12:00:00Z', 3, LA)).toEqual(expected);
  });

  it('runs each wall time of a repeated hour twice, in order', () => {
    expect(runs('*/20 1 * * *', '2020-11-01T07:30:00Z', 7, LA)).toEqual([
      '2020-11-01T01:00:00-07:00', '2020-11-01T01:20:00-07:00', '2020-11-01T01:40:00-07:00',
      '2020-11-01T01:00:00-08:00', '2020-11-01T01:20:00-08:00', '2020-11-01T01:40:00-08:00',
      '2020-11-02T01:00:00-08:00',
    ]);
  });

  it('takes the zone from a CRON_TZ= prefix', () => {
    expect(runs('CRON_TZ=America/Los_Angeles 0 2 * * *', '2020-03-07T12:00:00Z', 1)).toEqual(['2020-03-09T02:00:00-07:00']);
  });
});

describe('descriptors and fields', () => {
  it.each([
    ['@hourly', ['2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z']],
    ['@daily', ['2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']],
    ['@midnight', ['2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']],
    ['@weekly', ['2024-01-07T00:00:00Z', '2024-01-14T00:00:00Z']],
    ['@monthly', ['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z']],
    ['@yearly', ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z']],
    ['@annually', ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z']],
    // robfig reads N/step as N-max/step.
    ['5/20 * * * *', ['2024-01-01T00:05:00Z', '2024-01-01T00:25:00Z']],
    // Both day fields restricted: either matches (Jan 1 2024 is a Monday; the 6th is a Saturday).
    ['0 0 6 * MON', ['2024-01-06T00:00:00Z', '2024-01-08T00:00:00Z']],
    ['30 6 * JAN-MAR sun', ['2024-01-07T06:30:00Z', '2024-01-14T06:30:00Z']],
  ])('%s', (cron, expected) => {
    expect(runs(cron, '2024-01-01T00:00:00Z', 2, 'UTC')).toEqual(expected);
  });

  it('@every runs a fixed delay after the given time, truncated to whole seconds', () => {
    const s = parseSchedule('@every 2s', 'UTC');
    expect(s.next(new Date('2024-01-01T00:00:00.700Z'))?.toISOString()).toBe('2024-01-01T00:00:02.000Z');
    expect(parseSchedule('@every 1m30s').next(new Date(0))?.toISOString()).toBe('1970-01-01T00:01:30.000Z');
    expect(parseSchedule('@every 300ms').next(new Date(0))?.toISOString()).toBe('1970-01-01T00:00:01.000Z');
    expect(parseSchedule('@every 2.5s').next(new Date(0))?.toISOString()).toBe('1970-01-01T00:00:02.000Z');
  });

  it('uses spec.timezone when the schedule has no prefix', () => {
    expect(parseSchedule('0 9 * * *', 'Europe/Paris').next(new Date('2024-07-01T00:00:00Z'))?.toISOString()).toBe('2024-07-01T07:00:00.000Z');
  });
});

describe('scheduleProblem', () => {
  it.each(['0 2 * * *', '*/5 * * * *', '0 0 1,15 * MON-FRI', 'CRON_TZ=Europe/Paris 30 6 * JAN-MAR sun', '@daily', '@every 1h30m', '0-59/10 0-23 1-31 1-12 0-6', '? * * * *'])(
    'accepts %j', (s) => expect(scheduleProblem(s)).toBeUndefined(),
  );

  it.each([
    ['* * * *', 'expected exactly 5 fields (minute hour day-of-month month day-of-week), found 4: [* * * *]'],
    ['0 * * * * *', 'expected exactly 5 fields (minute hour day-of-month month day-of-week), found 6: [0 * * * * *]'],
    ['61 * * * *', 'minute: "61" is outside 0-59'],
    ['0 0 0 * *', 'day of month: "0" is outside 1-31'],
    ['0 0 1-32 * *', 'day of month: "32" is outside 1-31'],
    ['0 0 * 13 *', 'month: "13" is outside 1-12'],
    ['0 2 * * 7', 'day of week: "7" is outside 0-6'],
    ['0 2 * FOO *', 'month: "FOO" is not a number or name'],
    ['0 0 L * *', 'day of month: "L" is not a number'],
    ['0 0 * * 5#2', 'day of week: "5#2" is not a number or name'],
    ['0 2 5-1 * *', "From value is larger than to value: '5-1'"],
    ['*/x * * * *', 'minute: "x" is not a number'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
    ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'],
    ['CRON_TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ])('rejects %j', (s, msg) => expect(scheduleProblem(s)).toBe(msg));

  it('rejects an unknown spec.timezone and a zone given twice', () => {
    expect(scheduleProblem('* * * * *', 'Mars/Olympus')).toBe('provided bad location Mars/Olympus: unknown time zone Mars/Olympus');
    expect(scheduleProblem('CRON_TZ=UTC * * * * *', 'Europe/Paris')).toBe('schedule has its own CRON_TZ= and spec.timezone is also set; keep one');
  });
});
