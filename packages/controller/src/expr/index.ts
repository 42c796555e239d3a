/**
 * The expression languages of Argo workflows: expr-lang (`{{=...}}`,
 * `depends`, `retryStrategy.expression`, `valueFrom.expression`) with Argo's
 * helpers and `sprig.*`, and govaluate for `when`.
 */
import { parse } from './parser.js';
import { evaluate } from './evaluator.js';
import { ExprError } from './errors.js';
import { typeName } from './values.js';

export { ExprError, type ExprErrorCode } from './errors.js';
export { evaluateWhen } from './govaluate.js';
export { Duration, parseGoDuration, formatGoDuration, toJsonText, goString, typeName } from './values.js';
export { formatGoTime, parseGoTime } from './gotime.js';
export { jsonpath } from './jsonpath.js';
export { parse as parseExpression } from './parser.js';

/** Evaluates an expr-lang expression against `env` (nested maps, as built by `expandScope`). */
export function evaluateExpression(expr: string, env: Record<string, unknown>): unknown {
  return evaluate(parse(expr), env);
}

/** Evaluates an expr-lang expression that must yield a boolean (`depends`, `retryStrategy.expression`). */
export function evalBool(expr: string, env: Record<string, unknown>): boolean {
  const v = evaluateExpression(expr, env);
  if (typeof v !== 'boolean') throw new ExprError('ExprType', `expected bool, but got ${typeName(v)} from expression '${expr}'`);
  return v;
}
