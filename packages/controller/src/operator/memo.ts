/**
 * Facts about a node map that only grow (a fulfilled node stays fulfilled),
 * remembered from one operate to the next by the identity of the node map the
 * caller passes back: the result's map, which the operator created (pure
 * mode) or owns (in-place mode). A map from anywhere else (parsed from the
 * API after an external edit) is a new object and simply misses, so a memo
 * can only save work, never change a result. This is what keeps a
 * 10,000-task chain from rescanning every finished task on every reconcile.
 */
import type { Operation } from './state.js';

const memos = new WeakMap<object, Map<string, unknown>>();

export function loadMemo(op: Operation): void {
  op.memoIn = memos.get(op.original);
}

export function saveMemo(op: Operation): void {
  memos.set(op.nodes, op.memoOut);
}
