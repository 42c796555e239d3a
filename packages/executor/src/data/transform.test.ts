import { seededRuntime } from '@argo-ts/lang';
import { transform } from './transform.js';

describe('data template transformations', () => {
  const keys = ['wf/a/main.log', 'wf/b/main.log', 'wf/b/out.tgz', 'other/x.txt', 'Foo.txt'];
  it('filters and maps like Argo examples', () => {
    expect(transform(keys, ['filter(data, {# endsWith "main.log"})'])).toEqual(['wf/a/main.log', 'wf/b/main.log']);
    expect(transform(keys, ['filter(data, {# startsWith "wf/" && !(# endsWith ".log")})'])).toEqual(['wf/b/out.tgz']);
    expect(transform(keys, ['filter(data, {# contains "/b/" or # == "other/x.txt"})'])).toEqual(['wf/b/main.log', 'wf/b/out.tgz', 'other/x.txt']);
    expect(transform(keys, ['filter(data, {# matches "^wf/[ab]/main"})', 'map(data, {trimSuffix(#, "/main.log") + "!"})'])).toEqual(['wf/a!', 'wf/b!']);
    expect(transform(keys, ['len(data)'])).toBe(5);
  });

  it('is the controller\'s expr-lang: Go regexps, the full set of built-ins, sprig', () => {
    expect(transform(keys, ['filter(data, {# matches "(?i)^foo"})'])).toEqual(['Foo.txt']);
    expect(transform(['b', 'a'], ['sortBy(data, #)'])).toEqual(['a', 'b']);
    expect(transform(['a'], ['map(data, {sprig.upper(#)})'])).toEqual(['A']);
    expect(transform([], ['now()'], seededRuntime(new Date('2024-01-02T00:00:00Z'), 's'))).toEqual(new Date('2024-01-02T00:00:00Z'));
  });

  it('names the failing transformation and the reason', () => {
    expect(() => transform(keys, ['len(data)', 'filter(data, {# ~ 1})'])).toThrow(/^data\.transformation\[1\]\.expression "filter\(data, \{# ~ 1\}\)": /);
    expect(() => transform(keys, ['filter(items, {true})'])).toThrow('data.transformation[0].expression "filter(items, {true})": unknown name items');
    expect(() => transform(keys, ['filter(data, {# matches "(a"})'])).toThrow(/error parsing regexp: missing closing \)/);
  });
});
