import { describe, expect, it } from '@jest/globals';
import { elapsedSeconds, formatDuration } from './duration';

describe('durations', () => {
  it.each([[0, '0s'], [59, '59s'], [60, '1m 0s'], [61, '1m 1s'], [3599, '59m 59s'], [3661, '1h 1m'], [90061, '1d 1h'], [undefined, '-']])(
    '%s s → %s', (s, want) => {
      expect(formatDuration(s)).toBe(want);
    });

  it('measures to the finish, or to now while running, and not before the start', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    expect(elapsedSeconds('2026-01-01T00:00:00Z', '2026-01-01T00:00:30Z', now)).toBe(30);
    expect(elapsedSeconds('2026-01-01T00:00:00Z', undefined, now)).toBe(60);
    expect(elapsedSeconds(undefined, undefined, now)).toBeUndefined();
    expect(elapsedSeconds('not a time', undefined, now)).toBeUndefined();
  });
});
