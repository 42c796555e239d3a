/**
 * The expression languages of Argo workflows: expr-lang (`{{=...}}`,
 * `retryStrategy.expression`, `valueFrom.expression`, hooks, data
 * transformations) with Argo's helpers and `sprig.*`, and govaluate for `when`.
 */
import type { Node } from './ast.js';
import type { ExprRuntime } from './context.js';
import { parse } from './parser.js';
import { evaluate } from './evaluator.js';
import { ExprError } from './errors.js';
import { typeName } from './values.js';

export type { Node as ExprNode } from './ast.js';
export type { ExprRuntime } from './context.js';
export { ExprError, type ExprErrorCode } from './errors.js';
export { seededRuntime } from './runtime.js';
export { evaluateWhen } from './govaluate.js';
export { toJsonText, goString, typeName } from './values.js';
export { jsonpath } from './jsonpath.js';
export { parse as parseExpression } from './parser.js';

/** Evaluates an expr-lang expression (text or an already parsed tree) against `env` (nested maps). */
export function evaluateExpression(expr: string | Node, env: Record<string, unknown>, runtime: ExprRuntime): unknown {
  return evaluate(typeof expr === 'string' ? parse(expr) : expr, env, runtime);
}

/** Evaluates an expr-lang expression that must yield a boolean (`retryStrategy.expression`, hooks). */
export function evalBool(expr: string, env: Record<string, unknown>, runtime: ExprRuntime): boolean {
  const v = evaluateExpression(expr, env, runtime);
  if (typeof v !== 'boolean') throw new ExprError('ExprType', `expected bool, but got ${typeName(v)} from expression '${expr}'`);
  return v;
}
