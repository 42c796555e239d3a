/**
 * successfulJobsHistoryLimit (default 3) and failedJobsHistoryLimit (default
 * 1): the finished Workflows of a CronWorkflow beyond the limit, oldest
 * finish first, are deleted, as Argo's enforceHistoryLimit does.
 */
import { Labels } from '@argo-ts/spec';
import type { ChildWorkflow, CronAction, CronWorkflow } from './model.js';

const FINISHED = new Set(['Succeeded', 'Failed', 'Error']);

export function isFinished(wf: ChildWorkflow): boolean {
  return FINISHED.has(wf.status?.phase ?? '');
}

function limit(v: number | undefined, dflt: number): number {
  return v !== undefined && v >= 0 ? v : dflt;
}

function oldest(wfs: ChildWorkflow[], keep: number): ChildWorkflow[] {
  const byNewest = [...wfs].sort((a, b) => (b.status?.finishedAt ?? '').localeCompare(a.status?.finishedAt ?? ''));
  return byNewest.slice(keep);
}

export function historyDeletions(cron: CronWorkflow, children: readonly ChildWorkflow[]): CronAction[] {
  const name = cron.metadata.name;
  const finished = children.filter((c) => c.metadata.labels?.[Labels.cronWorkflow] === name && isFinished(c));
  const succeeded = finished.filter((c) => c.status?.phase === 'Succeeded');
  const failed = finished.filter((c) => c.status?.phase !== 'Succeeded');
  return [
    ...oldest(succeeded, limit(cron.spec.successfulJobsHistoryLimit, 3)).map((c) => ({ type: 'delete' as const, name: c.metadata.name!, reason: `CronWorkflow '${name}' successful history limit` })),
    ...oldest(failed, limit(cron.spec.failedJobsHistoryLimit, 1)).map((c) => ({ type: 'delete' as const, name: c.metadata.name!, reason: `CronWorkflow '${name}' failed history limit` })),
  ];
}
