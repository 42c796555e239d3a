import { evaluateWhen } from './govaluate.js';
import { ExprError } from './errors.js';

describe('evaluateWhen (govaluate semantics)', () => {
  it.each<[string, boolean]>([
    ['heads == heads', true],
    ['tails == heads', false],
    ['heads != tails', true],
    ['"SUCCESS" == "SUCCESS"', true],
    ["'failed' != \"failed\"", false],
    ['7 > 5', true],
    ['10 > 9', true],          // numeric, not lexical
    ['3 < 10', true],
    ['5.5 >= 5.5', true],
    ['b > a', true],            // both strings: lexical
    ['true == true', true],
    ['true', true],
    ['false', false],
    ['!false', true],
    ['even == even && 2 < 3', true],
    ['a == b || c == c', true],
    ['(a == b) || !(c == d)', true],
    ['hello =~ "^h.*o$"', true],
    ['hello !~ "^x"', true],
    ['"" in ("always", "test", "")', true],
    ['first in (always, test)', false],
    ['3 in (1, 2, 3)', true],
    ['1 + 2 == 3', true],
    ['a + b == ab', true],
    ['my.dotted.word == my.dotted.word', true],
    ['5 == "5"', false],
    ['-1 < 0', true],
    ['1 == 1 ? true : false', true],
    ['   ', true],
  ])('%s → %s', (when, want) => {
    expect(evaluateWhen(when)).toBe(want);
  });

  it.each<[string, string, RegExp]>([
    ['heads == ', 'WhenSyntax', /try wrapping the affected expression in quotes/],
    ['a # b', 'WhenSyntax', /Invalid token: '#'.*try wrapping/],
    ['"open == x', 'WhenSyntax', /Unclosed string/],
    ['(a == b', 'WhenSyntax', /Unbalanced parenthesis/],
    ['hello world == hello world', 'WhenSyntax', /Unexpected token 'world'/],
    ['a < 5', 'WhenEval', /cannot be used with the modifier '<', it is not a number/],
    ['a && true', 'WhenEval', /cannot be used with the logical operator '&&'/],
    ['my-value == my-value', 'WhenEval', /not a number/],
    ['1 + 1', 'WhenEval', /Expected boolean evaluation for '1 \+ 1'. Got 2/],
    ['a in b', 'WhenEval', /not an array/],
  ])('%s fails with %s', (when, code, msg) => {
    let err: unknown;
    try { evaluateWhen(when); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).code).toBe(code);
    expect((err as ExprError).message).toMatch(msg);
  });
});
