import { regexFind, regexFindAll, regexMatch, regexReplaceAll, regexReplaceAllLiteral, regexSplit } from './go-regexp.js';

describe('Go regexp semantics', () => {
  it('takes Go syntax: inline flags, \\z, named groups', () => {
    expect(regexMatch('(?i)^foo', 'Foo.txt')).toBe(true);
    expect(regexMatch('txt\\z', 'a.txt')).toBe(true);
    expect(regexFind('(?P<year>\\d{4})', 'in 2024!')).toBe('2024');
  });

  it('rejects what Go rejects, with Go\'s wording', () => {
    expect(() => regexMatch('(a)\\1', 'aa')).toThrow(/error parsing regexp: invalid escape sequence/);
    expect(() => regexMatch('(?=a)', 'a')).toThrow(/error parsing regexp/);
  });

  it('finds all matches with Go\'s rules for empty matches', () => {
    expect(regexFindAll('a*', 'baaac', -1)).toEqual(['', 'aaa', '']);
    expect(regexFindAll('[0-9]', 'a1b2c3', 2)).toEqual(['1', '2']);
  });

  it('expands replacements as Go does ($1x is the group named "1x")', () => {
    expect(regexReplaceAll('a(x*)b', '-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    expect(regexReplaceAll('a(x*)b', '-ab-axxb-', '$1W')).toBe('---');
    expect(regexReplaceAll('(?P<n>x+)', 'axxb', '[$n]$$')).toBe('a[xx]$b');
    expect(regexReplaceAllLiteral('a(x*)b', '-ab-axxb-', '${1}')).toBe('-${1}-${1}-');
  });

  it('splits as Go does', () => {
    expect(regexSplit('a', 'banana', -1)).toEqual(['b', 'n', 'n', '']);
    expect(regexSplit('a', 'banana', 2)).toEqual(['b', 'nana']);
    expect(regexSplit('z+', 'pizza', -1)).toEqual(['pi', 'a']);
    expect(regexSplit('', 'abc', -1)).toEqual(['a', 'b', 'c']);
    expect(regexSplit('a', 'banana', 0)).toEqual([]);
  });

  it('decides a catastrophic-backtracking pattern on a 40-character input without backtracking', () => {
    // A backtracking engine needs about 2^40 steps here; RE2 needs one pass.
    expect(regexMatch('(a+)+$', `${'a'.repeat(39)}!`)).toBe(false);
  });
});
