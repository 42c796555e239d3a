/**
 * What an evaluation carries: the variables, the predicate frames (`#`,
 * `#index`, `#acc`), `let` bindings, and the runtime that supplies the clock
 * and randomness. Expressions never read the machine's clock or entropy
 * themselves: `now()` is the `now` the caller passes (the operator's `now`),
 * so one reconcile over the same input always gives the same result.
 */
import type { Node } from './ast.js';
import { typeError } from './errors.js';
import { typeName } from './values.js';

export interface ExprRuntime {
  /** What `now()` and `sprig.now()` return. */
  now: Date;
  /** `n` random bytes, for `sprig.uuidv4` and `sprig.rand*`. */
  randomBytes(n: number): Uint8Array;
}

export interface Frame { item: unknown; index: number; acc?: unknown }

export interface EvalContext {
  env: Record<string, unknown>;
  frames: Frame[];
  lets: Map<string, unknown>;
  runtime: ExprRuntime;
  /** The evaluator itself, so built-ins can evaluate closures without importing it. */
  ev(n: Node, cx: EvalContext): unknown;
}

export function asBool(v: unknown, op: string): boolean {
  if (typeof v !== 'boolean') throw typeError(`invalid operation: ${op} on ${typeName(v)} (expected bool)`);
  return v;
}

/** Runs `body` once per element with `#` bound; used by the predicate built-ins. */
export function withFrame<T>(cx: EvalContext, frame: Frame, body: Node, f: (v: unknown) => T): T {
  cx.frames.push(frame);
  try {
    return f(cx.ev(body, cx));
  } finally {
    cx.frames.pop();
  }
}
