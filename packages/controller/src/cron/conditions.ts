/** A CronWorkflow's conditions (SpecError, SubmissionError): one per type, status "True" while it holds. */
import type { CronWorkflowStatus } from './model.js';

export type CronConditionType = 'SpecError' | 'SubmissionError';

export function upsertCondition(status: CronWorkflowStatus, type: CronConditionType, message: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  status.conditions = [...rest, { type, status: 'True', message }];
}

export function removeCondition(status: CronWorkflowStatus, type: CronConditionType): void {
  if (!status.conditions?.some((c) => c.type === type)) return;
  const rest = status.conditions.filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}
