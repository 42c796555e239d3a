import { formatGoTime, parseGoTime } from './gotime.js';
import { Duration, formatGoDuration, parseGoDuration } from './duration.js';

const t = new Date('2024-03-04T15:06:07.125Z');

describe('Go time layouts', () => {
  it.each<[string, string]>([
    ['2006-01-02T15:04:05Z07:00', '2024-03-04T15:06:07Z'],
    ['2006-01-02T15:04:05.000Z', '2024-03-04T15:06:07.125Z'],
    ['Jan _2 2006 3:04PM', 'Mar  4 2024 3:06PM'],
    ['Monday, 02-Jan-06', 'Monday, 04-Mar-24'],
    ['15:04:05.999', '15:06:07.125'],
    ['2006 -0700 MST', '2024 +0000 UTC'],
  ])('formats %s', (layout, want) => {
    expect(formatGoTime(t, layout)).toBe(want);
  });

  it.each<[string, string, string]>([
    ['2024-03-04', '2006-01-02', '2024-03-04T00:00:00.000Z'],
    ['04/03/2024 15:06', '02/01/2006 15:04', '2024-03-04T15:06:00.000Z'],
    ['2024-03-04T17:06:07+02:00', '2006-01-02T15:04:05Z07:00', '2024-03-04T15:06:07.000Z'],
    ['Mar 4, 2024 at 3:06pm', 'Jan 2, 2006 at 3:04pm', '2024-03-04T15:06:00.000Z'],
  ])('parses %s as %s', (text, layout, iso) => {
    expect(parseGoTime(text, layout).toISOString()).toBe(iso);
  });

  it('rejects text that does not match the layout', () => {
    expect(() => parseGoTime('2024/03/04', '2006-01-02')).toThrow(/cannot parse/);
  });
});

describe('Go durations', () => {
  it.each<[string, number]>([['1h30m', 5400e9], ['300ms', 300e6], ['-1.5h', -5400e9], ['2m3.5s', 123.5e9], ['0', 0], ['10us', 10e3]])('%s', (s, ns) => {
    expect(parseGoDuration(s).ns).toBeCloseTo(ns);
  });
  it('accepts bare seconds only when asked', () => {
    expect(parseGoDuration('30', { bareSeconds: true }).ns).toBe(30e9);
    expect(() => parseGoDuration('30')).toThrow('time: missing unit in duration "30"');
  });
  it.each<[number, string]>([[0, '0s'], [5400e9, '1h30m0s'], [1.5e6, '1.5ms'], [123.5e9, '2m3.5s'], [-2e9, '-2s']])('formats %d', (ns, s) => {
    expect(formatGoDuration(ns)).toBe(s);
    expect(new Duration(ns).toString()).toBe(s);
  });
});
