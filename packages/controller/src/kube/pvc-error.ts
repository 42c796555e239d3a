/**
 * Argo's answer to a PVC the API server refuses for good (e.g. 422 for an
 * invalid access mode): the workflow, just marked Running, ends in phase
 * Error with `pvc create error: <the API's message>` and no nodes, and its
 * events are WorkflowRunning then WorkflowFailed with that message. (A
 * transient refusal is retried instead, by the caller.)
 */
import { Labels } from '@argo-ts/spec';
import { errorMessage, KubeApiError } from './errors.js';
import { transitionEvents, type WorkflowEvent } from './events.js';
import type { ApplyFailure } from './apply.js';
import type { WorkflowStatus } from '../operator/model.js';

export interface PvcCreateError {
  status: WorkflowStatus;
  labels: Record<string, string>;
  events: WorkflowEvent[];
}

export function pvcCreateError(before: WorkflowStatus | undefined, operated: WorkflowStatus, failure: ApplyFailure, nowIso: string): PvcCreateError {
  const reason = failure.error instanceof KubeApiError ? failure.error.statusMessage : errorMessage(failure.error);
  const status: WorkflowStatus = {
    ...(before ?? {}),
    phase: 'Error',
    startedAt: before?.startedAt ?? operated.startedAt ?? nowIso,
    finishedAt: nowIso,
    message: `pvc create error: ${reason}`,
  };
  const running: WorkflowStatus = { ...(before ?? {}), phase: 'Running' };
  return {
    status,
    labels: { [Labels.phase]: 'Error', [Labels.completed]: 'true' },
    events: [...transitionEvents(before, running, false), ...transitionEvents(running, status, false)],
  };
}
