/**
 * Suspend templates: a Suspend node that stays Running until resumed (the
 * CLI marks it Succeeded) or, with `duration`, until the time has passed
 * (the operator asks to be requeued then).
 */
import { nodeBase, type KindRun } from './execute.js';
import type { NodeStatus } from './model.js';
import { specDurationSeconds } from '@argo-ts/lang';
import type { Operation } from './state.js';

export function suspendKind(op: Operation, run: KindRun): NodeStatus {
  const id = op.id(run.nodeName);
  // Outputs a person supplies (`valueFrom.supplied`, set by `argo node set`) live on the node until then, as in Argo.
  const outputs = run.tmpl.outputs?.parameters?.length ? { outputs: { parameters: run.tmpl.outputs.parameters.map((p) => ({ ...p })) } } : {};
  const node = op.byId(id) ?? op.create({ ...nodeBase(op, run, 'Suspend', 'Running'), ...outputs, id });
  const text = run.tmpl.suspend?.duration;
  if (text === undefined || text === null || text === '') return node;
  // Argo errors the node on a duration Go cannot read (`1d`), rather than suspending for ever.
  const dur = specDurationSeconds(String(text));
  if ('error' in dur) return op.mark(id, 'Error', dur.error);
  const due = Date.parse(node.startedAt ?? op.nowIso) + dur.seconds * 1000;
  if (op.now.getTime() >= due) return op.mark(id, 'Succeeded');
  op.requeue(due - op.now.getTime());
  return node;
}
