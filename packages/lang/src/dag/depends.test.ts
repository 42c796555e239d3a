import { evalDepends, parseDepends, type TaskResults } from './depends.js';

const refs = (text: string) => { const r = parseDepends(text); return r.ok ? r.expr.refs : r.message; };

describe('parseDepends', () => {
  it('collects the tasks and results of a nested expression', () => {
    expect(refs('A && (B.Succeeded || !C.Failed)')).toEqual([{ task: 'A' }, { task: 'B', result: 'Succeeded' }, { task: 'C', result: 'Failed' }]);
  });

  it('accepts hyphenated task names and items results', () => {
    expect(refs('flip-coin.AnySucceeded||my_task')).toEqual([{ task: 'flip-coin', result: 'AnySucceeded' }, { task: 'my_task' }]);
  });

  it.each([
    ['', 'empty expression'],
    ['A &&', 'expression ends too early'],
    ['(A || B', 'missing ")"'],
    ['A B', 'unexpected "B"'],
    ['A.Done', 'unknown result "Done" for task "A"'],
    ['a.Bogus', 'unknown result "Bogus" for task "a"'],
    ['a.b.Succeeded', 'unknown result "b" for task "a"'],
    ['A == B', 'unexpected "=='],
  ])('rejects %j', (text, message) => {
    const r = parseDepends(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain(message);
  });
});

describe('evalDepends', () => {
  const none: TaskResults = { Succeeded: false, Failed: false, Errored: false, Skipped: false, Omitted: false, Daemoned: false, AnySucceeded: false, AllFailed: false };
  const results: Record<string, TaskResults> = { a: { ...none, Succeeded: true }, b: { ...none, Failed: true } };
  const holds = (text: string) => {
    const r = parseDepends(text);
    if (!r.ok) throw new Error(r.message);
    return evalDepends(r.expr, (t) => results[t]!);
  };

  it('reads a bare name as succeeded, skipped or daemoned', () => {
    expect(holds('a')).toBe(true);
    expect(holds('b')).toBe(false);
  });

  it('applies not, and, or with the usual precedence', () => {
    expect(holds('b.Failed && a || b')).toBe(true);
    expect(holds('!a || b.Succeeded')).toBe(false);
    expect(holds('a && !(b.Succeeded || b.Errored)')).toBe(true);
  });
});
