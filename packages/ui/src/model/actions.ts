/**
 * Which workflow actions apply, with Argo's UI rules: retry a failed or
 * errored workflow; resubmit any; stop, terminate and suspend one that has
 * not finished (suspend only when not already suspended); resume one that is
 * suspended or waits on a Suspend node.
 */
import { isFinished } from './phase';
import type { Workflow } from './types';

export const ACTIONS = ['retry', 'resubmit', 'suspend', 'resume', 'stop', 'terminate'] as const;
export type WorkflowAction = (typeof ACTIONS)[number];

export function isSuspended(wf: Workflow): boolean {
  if (wf.spec?.suspend) return true;
  return Object.values(wf.status?.nodes ?? {}).some((n) => n.type === 'Suspend' && n.phase === 'Running');
}

export function availableActions(wf: Workflow): Record<WorkflowAction, boolean> {
  const phase = wf.status?.phase;
  const finished = isFinished(phase);
  const suspended = isSuspended(wf);
  return {
    retry: phase === 'Failed' || phase === 'Error',
    resubmit: true,
    suspend: !finished && !wf.spec?.suspend,
    resume: !finished && suspended,
    stop: !finished,
    terminate: !finished,
  };
}

/** Actions that cut a run short ask for confirmation first. */
export const CONFIRM: Partial<Record<WorkflowAction, string>> = {
  stop: 'Stop this workflow? Running steps are stopped and exit handlers run.',
  terminate: 'Terminate this workflow? Running steps are killed and exit handlers do not run.',
};
