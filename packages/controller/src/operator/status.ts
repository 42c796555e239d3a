/**
 * Workflow-level bookkeeping: progress (`done/total` over Pod nodes, updated
 * from the nodes that changed in this operation only) and the failures list
 * exit handlers see as `workflow.failures`.
 */
import { isFulfilled } from '@argo-ts/spec';
import type { NodeStatus } from './model.js';
import { podName } from '@argo-ts/lang';
import type { Operation } from './state.js';

function parseProgress(p: string | undefined): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(p ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

export function progress(op: Operation): string {
  let [done, total] = parseProgress(op.wf.status?.progress);
  if (!op.wf.status?.progress && Object.keys(op.original).length) {
    done = 0;
    total = 0;
    for (const n of Object.values(op.original)) {
      if (n.type !== 'Pod') continue;
      const was = op.before.has(n.id) ? op.before.get(n.id) : n.phase;
      if (was === undefined) continue;
      total++;
      if (isFulfilled(was)) done++;
    }
  }
  for (const [id, beforePhase] of op.before) {
    const now = op.nodes[id]!;
    if (now.type !== 'Pod') continue;
    if (beforePhase === undefined) total++;
    done += Number(isFulfilled(now.phase)) - Number(isFulfilled(beforePhase));
  }
  return `${done}/${total}`;
}

/** `workflow.failures`: the failed and errored Pod nodes, as Argo lists them. */
export function failures(op: Operation): string {
  const out: Record<string, string>[] = [];
  for (const n of Object.values(op.nodes) as NodeStatus[]) {
    if ((n.phase !== 'Failed' && n.phase !== 'Error') || n.type !== 'Pod') continue;
    out.push({
      displayName: n.displayName ?? n.name, message: n.message ?? '', templateName: n.templateName ?? '', phase: n.phase ?? '',
      podName: podName(op.name, n.name, n.templateName), finishedAt: n.finishedAt ?? '',
    });
  }
  return JSON.stringify(out);
}
