import { durationNanos, durationSeconds, formatGoDuration, parseGoDuration, specDurationSeconds } from './duration.js';

describe('Go durations', () => {
  it.each([
    ['1h30m', 5400e9], ['300ms', 300e6], ['-1.5h', -5400e9], ['.5s', 0.5e9], ['1.s', 1e9], ['0', 0], ['2us', 2e3], ['2µs', 2e3], ['1h1ns', 3600e9 + 1],
  ])('parses %j as time.ParseDuration does', (text, ns) => {
    expect(durationNanos(text)).toBe(ns);
  });

  it.each([
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['30', 'time: missing unit in duration "30"'],
    ['1.', 'time: missing unit in duration "1."'],
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    ['--1s', 'time: invalid duration "--1s"'],
  ])('rejects %j with Go\'s message', (text, message) => {
    expect(durationNanos(text)).toBeUndefined();
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it('reads spec durations as Argo\'s ParseStringToDuration: an integer of seconds or a Go duration, else its error', () => {
    expect(specDurationSeconds('20')).toEqual({ seconds: 20 });
    expect(specDurationSeconds('1m30s')).toEqual({ seconds: 90 });
    expect(specDurationSeconds('1d')).toEqual({ error: 'unable to parse 1d as a duration: time: unknown unit "d" in duration "1d"' });
    expect(specDurationSeconds('1.5')).toEqual({ error: 'unable to parse 1.5 as a duration: time: missing unit in duration "1.5"' });
  });

  it('takes days and bare seconds only when asked', () => {
    expect(durationNanos('1d2h', { days: true })).toBe(26 * 3600e9);
    expect(durationNanos('30', { bareSeconds: true })).toBe(30e9);
    expect(durationSeconds('90')).toBe(90);
    expect(durationSeconds('1m30s')).toBe(90);
    expect(durationSeconds(15)).toBe(15);
    expect(durationSeconds('1d')).toBeUndefined();
    expect(durationSeconds(undefined)).toBeUndefined();
  });

  it('formats as Duration.String()', () => {
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(5400e9)).toBe('1h30m0s');
    expect(formatGoDuration(1.5e6)).toBe('1.5ms');
    expect(formatGoDuration(-61e9)).toBe('-1m1s');
  });
});
