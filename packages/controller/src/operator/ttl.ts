/**
 * ttlStrategy: a finished workflow is deleted once its time to live has
 * passed (secondsAfterSuccess / secondsAfterFailure override
 * secondsAfterCompletion); until then the operator asks to be requeued.
 */
import type { Workflow } from './model.js';
import type { OperateResult } from './types.js';

interface TTLStrategy { secondsAfterCompletion?: number; secondsAfterSuccess?: number; secondsAfterFailure?: number }

export function ttlResult(wf: Workflow, now: Date): OperateResult {
  const status = wf.status ?? {};
  const ttl = wf.spec['ttlStrategy'] as TTLStrategy | undefined;
  const finished = Date.parse(status.finishedAt ?? '');
  if (!ttl || Number.isNaN(finished)) return { status, actions: [] };
  const seconds = status.phase === 'Succeeded'
    ? ttl.secondsAfterSuccess ?? ttl.secondsAfterCompletion
    : ttl.secondsAfterFailure ?? ttl.secondsAfterCompletion;
  if (seconds === undefined) return { status, actions: [] };
  const due = finished + Number(seconds) * 1000;
  if (now.getTime() >= due) return { status, actions: [{ type: 'deleteWorkflow' }] };
  return { status, actions: [], requeueAfterMs: due - now.getTime() };
}
