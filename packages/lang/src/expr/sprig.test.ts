import { sprigFor } from './sprig.js';
import { evaluateExpression as evalWith, seededRuntime } from './index.js';

const rt = seededRuntime(new Date('2024-06-01T12:00:00Z'), 'test');
const SPRIG = sprigFor(rt);
const evaluateExpression = (src: string, env: Record<string, unknown>) => evalWith(src, env, rt);

const call = (name: string, ...args: unknown[]): unknown => SPRIG[name]!(...args);

describe('sprig', () => {
  it.each<[string, unknown[], unknown]>([
    ['trim', ['  a  '], 'a'],
    ['upper', ['ab'], 'AB'],
    ['lower', ['AB'], 'ab'],
    ['title', ['hello world'], 'Hello World'],
    ['replace', ['a', 'b', 'banana'], 'bbnbnb'],
    ['contains', ['an', 'banana'], true],
    ['hasPrefix', ['ba', 'banana'], true],
    ['hasSuffix', ['na', 'banana'], true],
    ['split', ['$', 'a$b'], { _0: 'a', _1: 'b' }],
    ['splitList', [',', 'a,b'], ['a', 'b']],
    ['join', ['-', ['a', 1]], 'a-1'],
    ['b64enc', ['hi'], 'aGk='],
    ['b64dec', ['aGk='], 'hi'],
    ['int', ['12'], 12],
    ['int', ['x'], 0],
    ['int64', [3.9], 3],
    ['float64', ['1.5'], 1.5],
    ['add', [1, '2', 3.7], 6],
    ['sub', [5, 2], 3],
    ['mul', [2, 3, 4], 24],
    ['div', [7, 2], 3],
    ['mod', [7, 2], 1],
    ['max', [3, 9, 4], 9],
    ['min', [3, 9, 4], 3],
    ['default', ['d', ''], 'd'],
    ['default', ['d', 'v'], 'v'],
    ['empty', [[]], true],
    ['empty', ['x'], false],
    ['coalesce', ['', null, 'x'], 'x'],
    ['list', [1, 2], [1, 2]],
    ['dict', ['a', 1, 'b'], { a: 1, b: '' }],
    ['toJson', [{ a: [1] }], '{"a":[1]}'],
    ['fromJson', ['{"a":1}'], { a: 1 }],
    ['toString', [12], '12'],
    ['quote', ['a', 'b'], '"a" "b"'],
    ['squote', ['a'], "'a'"],
    ['repeat', [3, 'ab'], 'ababab'],
    ['substr', [1, 3, 'hello'], 'el'],
    ['trunc', [3, 'hello'], 'hel'],
    ['trunc', [-2, 'hello'], 'lo'],
    ['sha256sum', ['abc'], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['regexMatch', ['^[a-z]+\\d$', 'abc1'], true],
    ['regexReplaceAll', ['a(x*)b', '-ab-axxb-', '${1}W'], '-W-xxW-'],
    ['regexFindAll', ['\\d', 'a1b2c3', 2], ['1', '2']],
    ['seq', [3], '1 2 3'],
    ['seq', [5, 3], '5 4 3'],
    ['date', ['2006-01-02 15:04', '2024-03-04T05:06:07Z'], '2024-03-04 05:06'],
    ['date', ['Jan 2, 2006', new Date('2024-12-25T00:00:00Z')], 'Dec 25, 2024'],
    ['toDate', ['2006-01-02', '2024-03-04'], new Date('2024-03-04T00:00:00Z')],
    ['ternary', ['y', 'n', true], 'y'],
    ['has', [2, [1, 2]], true],
  ])('%s(%j)', (name, args, want) => {
    expect(call(name, ...args)).toEqual(want);
  });

  it('random and uuid helpers have the right shape', () => {
    expect(call('randAlpha', 8)).toMatch(/^[A-Za-z]{8}$/);
    expect(call('randNumeric', 4)).toMatch(/^\d{4}$/);
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes the clock and the randomness from the runtime, never from the machine', () => {
    const a = sprigFor(seededRuntime(new Date('2030-01-02T03:04:05Z'), 'seed'));
    const b = sprigFor(seededRuntime(new Date('2030-01-02T03:04:05Z'), 'seed'));
    expect(a.now!()).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(a.uuidv4!()).toBe(b.uuidv4!());
    expect(a.randAlphaNum!(12)).toBe(b.randAlphaNum!(12));
    expect(evaluateExpression('now()', {})).toEqual(new Date('2024-06-01T12:00:00Z'));
    expect(evaluateExpression("sprig.date('2006-01-02', sprig.dateModify('1h30m', sprig.now()))", {})).toBe('2024-06-01');
    expect(evaluateExpression("sprig.dateModify('25h30m', sprig.now())", {})).toEqual(new Date('2024-06-02T13:30:00Z'));
    expect(evaluateExpression("sprig.dateModify('1d', sprig.now())", {})).toEqual(new Date('2024-06-01T12:00:00Z'));
  });

  it('hashes as sha1sum and sha256sum do', () => {
    expect(call('sha1sum', 'abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(call('sha256sum', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is reachable as sprig.<fn> from expressions without env entries', () => {
    expect(evaluateExpression("sprig.date('2006', workflow.creationTimestamp)", { workflow: { creationTimestamp: '2019-05-06T07:08:09Z' } })).toBe('2019');
  });
});
