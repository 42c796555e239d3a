import { argoTimestamp, longDuration, parseDuration, relativeTime, shortDuration } from './time.js';

describe('durations', () => {
  it('short form keeps the largest unit', () => {
    expect([0, 5, 59, 60, 3599, 3600, 86399, 172800].map(shortDuration)).toEqual(['0s', '5s', '59s', '1m', '59m', '1h', '23h', '2d']);
  });
  it('long form has two units at most, singular when 1', () => {
    expect(longDuration(1)).toBe('1 second');
    expect(longDuration(65)).toBe('1 minute 5 seconds');
    expect(longDuration(120)).toBe('2 minutes');
    expect(longDuration(3 * 3600 + 120 + 5)).toBe('3 hours 2 minutes');
    expect(longDuration(86400 + 3600)).toBe('1 day 1 hour');
  });
  it('relative time', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(relativeTime(new Date('2026-11-23T11:58:00Z'), now)).toBe('2 minutes ago');
    expect(relativeTime(now, now)).toBe('now');
    expect(relativeTime(new Date('2026-11-23T12:00:03Z'), now)).toBe('in 3 seconds');
  });
  it('parses --since / --older durations and rejects junk', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d')).toBe(86400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('10')).toBeUndefined();
    expect(parseDuration('5m junk')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
  it("formats timestamps like Go's Mon Jan 02 15:04:05 -0700", () => {
    const t = new Date('2026-11-23T12:05:09Z');
    const s = argoTimestamp(t);
    expect(s).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) Nov 2[23] \d\d:\d\d:09 [+-]\d{4}$/);
    if (t.getTimezoneOffset() === 0) expect(s).toBe('Mon Nov 23 12:05:09 +0000');
  });
});
