/**
 * Data template transformations: each `expression` is expr-lang, evaluated
 * by @argo-ts/lang exactly as the controller evaluates `{{=...}}` (the same
 * built-ins, sprig, and Go regexps for `matches`), over `data`.
 */
import { randomBytes } from 'node:crypto';
import { evaluateExpression, type ExprRuntime } from '@argo-ts/lang';
import { ExecutorError } from '../errors.js';

function runtime(): ExprRuntime {
  return { now: new Date(), randomBytes: (n) => randomBytes(n) };
}

/** Applies each transformation in order; each sees the previous one's result as `data`. */
export function transform(data: unknown, expressions: string[], rt: ExprRuntime = runtime()): unknown {
  return expressions.reduce((acc, expression, i) => {
    try {
      return evaluateExpression(expression, { data: acc }, rt);
    } catch (e) {
      throw new ExecutorError('Data', `data.transformation[${i}].expression "${expression}": ${(e as Error).message}`);
    }
  }, data);
}
