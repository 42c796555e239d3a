import { evaluateExpression as evalWith, evalBool as boolWith, ExprError, parseExpression, seededRuntime } from './index.js';

const rt = seededRuntime(new Date('2024-06-01T12:00:00Z'), 'test');
const evaluateExpression = (src: string, env: Record<string, unknown>) => evalWith(src, env, rt);
const evalBool = (src: string, env: Record<string, unknown>) => boolWith(src, env, rt);

const env = {
  inputs: { parameters: { x: '41', 'my-param': 'hello', list: '["a","b"]', flag: 'true' } },
  steps: { 'flip-coin': { outputs: { result: 'heads' } }, heads: { outputs: { result: 'H' } }, tails: { outputs: { result: 'T' } } },
  workflow: { name: 'wf-1', parameters: { data: '{"id":"abc","n":[1,2,3]}' } },
  nums: [3, 1, 2],
  people: [{ name: 'a', age: 30 }, { name: 'b', age: 12 }, { name: 'c', age: 45 }],
  item: { name: 'first', type: '' },
  empty: null,
};

const cases: Array<[string, unknown]> = [
  // literals
  ['1', 1], ['1.5', 1.5], ['0x10', 16], ['1_000', 1000], ['"a\\nb"', 'a\nb'], ["'it''", undefined], ['true', true], ['nil', null],
  ['[1, "a", true]', [1, 'a', true]], ['{a: 1, "b-c": 2}', { a: 1, 'b-c': 2 }],
  // arithmetic and precedence
  ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['7 % 3', 1], ['2 ** 3 ** 2', 512], ['2 ^ 3', 8], ['-2 + 5', 3], ['7 / 2', 3.5],
  ['"a" + "b"', 'ab'], ['[1] + [2]', [1, 2]], ['1..4', [1, 2, 3, 4]],
  // comparison and logic
  ['1 < 2 && 2 <= 2', true], ['"b" > "a"', true], ['1 == 1.0', true], ['"1" == 1', false], ['not true', false],
  ['!false || false', true], ['true and false or true', true], ['nil == nil', true],
  ['2 in [1, 2]', true], ['"a" in {a: 1}', true], ['3 not in [1, 2]', true],
  ['"abc" matches "^a.c$"', true], ['"abc" contains "bc"', true], ['"abc" startsWith "ab"', true], ['"abc" endsWith "bc"', true],
  ['true ? "y" : "n"', 'y'], ['false ? 1 : false ? 2 : 3', 3], ['nil ?? "d"', 'd'], ['"v" ?? "d"', 'v'], ['"" ?: "d"', 'd'],
  // member access, indexing, slices
  ["inputs.parameters['my-param']", 'hello'], ['inputs.parameters["my-param"]', 'hello'], ['inputs.parameters.missing', null],
  ['empty?.a', null], ['empty.a.b ?? "fallback"', 'fallback'], ['nums[0]', 3], ['nums[-1]', 2], ['nums[1:]', [1, 2]], ['nums[:2]', [3, 1]],
  ['"hello"[1:3]', 'el'],
  // Argo examples
  ['asInt(inputs.parameters.x) + 1', 42], ['asFloat("1.5") * 2', 3], ['int("7") + int(2.9)', 9], ['float(2)', 2],
  ["steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result", 'H'],
  ["jsonpath(workflow.parameters.data, '$.id')", 'abc'], ["jsonpath(workflow.parameters.data, '$.n[1]')", 2],
  ["sprig.trim('  x  ')", 'x'], ["sprig.upper(workflow.name)", 'WF-1'],
  ['toJson(filter(nums, # > 1))', '[3,2]'], ['toJson(map(people, .name))', '["a","b","c"]'],
  ["concat(['always'], inputs.parameters.flag == 'true' ? ['test'] : []) | toJSON()", '[\n  "always",\n  "test"\n]'],
  ["get(item, 'type') ?? 'always'", ''], ["get(item, 'missing') ?? 'always'", 'always'],
  ["inputs.parameters.list | fromJSON() | join('\",\"')", 'a","b'],
  ["map([jsonpath(sprig.b64dec(toBase64('{\"t\":[4,6]}')), '$.t')], { toJson({avg: sprig.add(#[0], #[1]) / 2}) })[0]", '{"avg":5}'],
  // built-ins
  ['len("héllo")', 5], ['len(nums)', 3], ['len({a: 1})', 1], ['upper("a") + lower("B")', 'Ab'], ['trim("  a ")', 'a'], ['trim("xxaxx", "x")', 'a'],
  ['split("a,b,c", ",")', ['a', 'b', 'c']], ['split("a,b,c", ",", 2)', ['a', 'b,c']], ['join(["a", "b"], "-")', 'a-b'],
  ['replace("aXbX", "X", "-")', 'a-b-'], ['indexOf("abc", "c")', 2], ['hasPrefix("abc", "ab")', true], ['hasSuffix("abc", "bc")', true],
  ['keys({b: 1})', ['b']], ['values({b: 1})', [1]], ['first(nums)', 3], ['last(nums)', 2], ['sum(nums)', 6], ['max(nums)', 3],
  ['min(4, 2, 8)', 2], ['abs(-3)', 3], ['ceil(1.2)', 2], ['floor(1.8)', 1], ['round(1.5)', 2], ['string(12)', '12'],
  ['toJSON({a: [1]})', '{\n  "a": [\n    1\n  ]\n}'], ['fromJSON("[1, 2]")', [1, 2]], ['fromBase64(toBase64("hi"))', 'hi'],
  ['all(nums, # > 0)', true], ['any(people, .age > 40)', true], ['none(nums, # > 5)', true], ['one(nums, # == 1)', true],
  ['count(people, .age >= 30)', 2], ['find(people, .age < 20).name', 'b'], ['findIndex(nums, # == 2)', 2],
  ['map(filter(people, {.age > 20}), {.name + "!"})', ['a!', 'c!']], ['map(nums, #index)', [0, 1, 2]],
  ['sum(people, .age)', 87], ['reduce(nums, #acc + #, 10)', 16], ['sortBy(people, .age)[0].name', 'b'], ['sort(nums)', [1, 2, 3]],
  ['groupBy(people, .age > 20)["true"][1].name', 'c'], ['uniq([1, 1, 2])', [1, 2]], ['reverse([1, 2])', [2, 1]],
  ['let y = 2; y * 3', 6], ['duration("1h30m").Minutes()', 90], ['date("2024-02-03").Year()', 2024],
  ['date("2024-02-03T10:00:00Z") + duration("1h") > date("2024-02-03T10:30:00Z")', true],
  ['date("03/02/2024", "02/01/2006").Format("2006-01-02")', '2024-02-03'], ['now() > date("2020-01-01")', true],
  ['type(1.5)', 'float'], ['"x" + string(true)', 'xtrue'],
];

describe('expr-lang evaluation', () => {
  it.each(cases.filter(([, v]) => v !== undefined))('%s', (src, want) => {
    expect(evaluateExpression(src, env)).toEqual(want);
  });
});

const errors: Array<[string, string, RegExp]> = [
  ['1 +', 'ExprSyntax', /unexpected end of expression/],
  ["'unterminated", 'ExprSyntax', /unterminated string/],
  ['foo(1)', 'UnknownName', /unknown function foo/],
  ['undefinedName', 'UnknownName', /unknown name undefinedName/],
  ['"a" + 1', 'ExprType', /invalid operation: string \+ int/],
  ['!"x"', 'ExprType', /expected bool/],
  ['int("x")', 'ExprType', /int\(string "x"\)/],
  ['nums[10]', 'ExprEval', /index out of range/],
  ['1 % 0', 'ExprEval', /divide by zero/],
  ["jsonpath('{\"a\":1}', '$.b')", 'ExprEval', /key 'b' not found/],
  ["jsonpath('not json', '$.a')", 'ExprEval', /invalid JSON/],
  ['[1, 2', 'ExprSyntax', /expected ','/],
  ['1 2', 'ExprSyntax', /unexpected token '2'/],
];

describe('expr-lang errors', () => {
  it.each(errors)('%s', (src, code, msg) => {
    let err: unknown;
    try { evaluateExpression(src, env); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).code).toBe(code);
    expect((err as ExprError).message).toMatch(msg);
    expect((err as ExprError).permanent).toBe(true);
  });

  it('names the unknown identifier so callers can defer late-binding ones', () => {
    try { evaluateExpression('item + 1', {}); } catch (e) { expect((e as ExprError).identifier).toBe('item'); return; }
    throw new Error('expected an error');
  });
});

describe('evalBool (depends)', () => {
  const scope = { A: { Succeeded: true, Failed: false }, B: { Succeeded: false, Skipped: true }, C_d: { Failed: true } };
  it.each([
    ['A.Succeeded && (B.Succeeded || B.Skipped)', true],
    ['A.Failed || C_d.Failed', true],
    ['!A.Succeeded', false],
  ])('%s', (src, want) => expect(evalBool(src, scope)).toBe(want));

  it('rejects non-boolean results', () => {
    expect(() => evalBool('1 + 1', {})).toThrow(/expected bool, but got int/);
  });

  it('short-circuits so the right side is not evaluated', () => {
    expect(evalBool('false && undefinedThing', {})).toBe(false);
  });
});

describe('parser', () => {
  it('caches parsed programs', () => {
    expect(parseExpression('a + 1')).toBe(parseExpression('a + 1'));
  });
});
