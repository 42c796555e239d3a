import { parseDepends } from './depends.js';

describe('parseDepends', () => {
  it('collects the tasks and results of a nested expression', () => {
    expect(parseDepends('A && (B.Succeeded || !C.Failed)')).toEqual({
      ok: true,
      refs: [{ task: 'A' }, { task: 'B', result: 'Succeeded' }, { task: 'C', result: 'Failed' }],
    });
  });

  it('accepts hyphenated task names and items results', () => {
    expect(parseDepends('flip-coin.AnySucceeded||my_task')).toEqual({
      ok: true,
      refs: [{ task: 'flip-coin', result: 'AnySucceeded' }, { task: 'my_task' }],
    });
  });

  it.each([
    ['', 'empty expression'],
    ['A &&', 'expression ends too early'],
    ['(A || B', 'missing ")"'],
    ['A B', 'unexpected "B"'],
    ['A.Done', 'unknown result "Done" for task "A"'],
    ['A == B', 'unexpected "=='],
  ])('rejects %j', (text, message) => {
    const r = parseDepends(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain(message);
  });
});
