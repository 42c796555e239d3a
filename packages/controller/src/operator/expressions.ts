/**
 * Bare expr-lang expressions the operator evaluates itself (output
 * `valueFrom.expression`, artifact `fromExpression`), over the same lazy
 * lookups substitution uses; artifacts resolve to their objects.
 */
import { evaluateExpression, parseExpression, type ExprRuntime } from '@argo-ts/lang';
import { envFromLookup } from '../template/index.js';
import type { Artifact } from './model.js';
import type { ArtifactLookup } from './outputs.js';
import { OperatorError } from './types.js';
import { chain, type Lookup } from './vars.js';

export function evaluate(expr: string, lookup: Lookup, rt: ExprRuntime): unknown {
  try {
    const tree = parseExpression(expr);
    return evaluateExpression(tree, envFromLookup(tree, lookup), rt);
  } catch (e) {
    throw new OperatorError('InvalidExpression', `failed to evaluate expression '${expr}': ${(e as Error).message}`);
  }
}

/** `fromExpression`: an expression whose value is an artifact (`tasks.a.outputs.artifacts.x`, or a conditional choosing one). */
export function artifactFromExpression(expr: string, vars: Lookup, artifacts: ArtifactLookup, rt: ExprRuntime): Artifact {
  const v = evaluate(expr, chain(artifacts, vars), rt);
  if (!v || typeof v !== 'object' || typeof (v as Artifact).name !== 'string') {
    throw new OperatorError('InvalidExpression', `fromExpression '${expr}' did not evaluate to an artifact`);
  }
  return v as Artifact;
}

/** An output parameter's `valueFrom.expression` as text (strings as they are, others as JSON). */
export function expressionText(expr: string, lookup: Lookup, rt: ExprRuntime): string {
  const v = evaluate(expr, lookup, rt);
  if (v === null || v === undefined) throw new OperatorError('InvalidExpression', `expression '${expr}' evaluated to nil`);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
