import { transform } from './expr.js';

describe('data template expressions', () => {
  const keys = ['wf/a/main.log', 'wf/b/main.log', 'wf/b/out.tgz', 'other/x.txt'];
  it('filters and maps like Argo examples', () => {
    expect(transform(keys, ['filter(data, {# endsWith "main.log"})'])).toEqual(['wf/a/main.log', 'wf/b/main.log']);
    expect(transform(keys, ['filter(data, {# startsWith "wf/" && !(# endsWith ".log")})'])).toEqual(['wf/b/out.tgz']);
    expect(transform(keys, ['filter(data, {# contains "/b/" or # == "other/x.txt"})'])).toEqual(['wf/b/main.log', 'wf/b/out.tgz', 'other/x.txt']);
    expect(transform(keys, ['filter(data, {# matches "^wf/[ab]/main"})', 'map(data, {trimSuffix(#, "/main.log") + "!"})'])).toEqual(['wf/a!', 'wf/b!']);
    expect(transform(keys, ['len(data)'])).toBe(4);
  });
  it('names what it does not support', () => {
    expect(() => transform(keys, ['sortBy(data, #)'])).toThrow('function "sortBy" is not supported here');
    expect(() => transform(keys, ['filter(data, {# ~ 1})'])).toThrow(/unexpected character/);
    expect(() => transform(keys, ['filter(items, {true})'])).toThrow('unknown variable "items"');
  });
});
