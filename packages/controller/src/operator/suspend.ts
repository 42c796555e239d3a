/**
 * Suspend templates: a Suspend node that stays Running until resumed (the
 * CLI marks it Succeeded) or, with `duration`, until the time has passed
 * (the operator asks to be requeued then).
 */
import { nodeBase, type KindRun } from './execute.js';
import type { NodeStatus } from './model.js';
import { durationSeconds } from '@argo-ts/lang';
import type { Operation } from './state.js';

export function suspendKind(op: Operation, run: KindRun): NodeStatus {
  const id = op.id(run.nodeName);
  const node = op.byId(id) ?? op.create({ ...nodeBase(op, run, 'Suspend', 'Running'), id });
  const dur = durationSeconds(run.tmpl.suspend?.duration);
  if (dur === undefined) return node;
  const due = Date.parse(node.startedAt ?? op.nowIso) + dur * 1000;
  if (op.now.getTime() >= due) return op.mark(id, 'Succeeded');
  op.requeue(due - op.now.getTime());
  return node;
}
