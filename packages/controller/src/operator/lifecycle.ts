/**
 * Workflow-wide controls that act on running nodes: spec.shutdown
 * (Stop / Terminate) and the workflow's activeDeadlineSeconds. Running pod
 * nodes are failed with the reason and their pods deleted.
 */
import { isFulfilled } from '@argo-ts/spec';
import { podName } from '@argo-ts/lang';
import type { Operation } from './state.js';

/** The reason the workflow must stop now, if any. */
export function stopReason(op: Operation): string | undefined {
  if (op.spec.shutdown === 'Terminate' || op.spec.shutdown === 'Stop') return `Stopped with strategy '${op.spec.shutdown}'`;
  const ads = op.spec.activeDeadlineSeconds;
  if (ads !== undefined) {
    const start = Date.parse(op.wf.status?.startedAt ?? op.nowIso);
    const due = start + Number(ads) * 1000;
    if (op.now.getTime() >= due) return 'Step exceeded its deadline';
    op.requeue(due - op.now.getTime());
  }
  return undefined;
}

/** Fails every unfinished node with the reason and deletes its pod; the exit handler is spared unless terminating. */
export function stopAll(op: Operation, reason: string): void {
  const exitPrefix = op.spec.shutdown === 'Terminate' ? undefined : `${op.name}.onExit`;
  for (const n of Object.values(op.nodes)) {
    if (isFulfilled(n.phase)) continue;
    if (exitPrefix && n.name.startsWith(exitPrefix)) continue;
    if (n.type === 'Pod') op.emit({ type: 'deletePod', name: podName(op.name, n.name, n.templateName) });
    op.mark(n.id, 'Failed', reason);
  }
}
