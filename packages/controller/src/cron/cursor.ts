/**
 * The scheduler's cursor per CronWorkflow (CronInput.since), kept by the kube
 * layer between looks: the last scheduled time handled, or when the schedule
 * was first seen. An edited schedule starts afresh, as the robfig/cron
 * entries Argo re-adds on an edit do: no runs are made up for it.
 */
import { scheduleWithTimezoneString } from '@argo-ts/spec';
import type { CronDecision, CronWorkflow } from './model.js';

export interface Cursor { at: Date; schedules: string }

export function sinceFor(cursor: Cursor | undefined, cron: CronWorkflow): Date | undefined {
  return cursor?.schedules === scheduleWithTimezoneString(cron.spec) ? cursor.at : undefined;
}

export function advance(cursor: Cursor | undefined, cron: CronWorkflow, d: CronDecision, now: Date): Cursor {
  return { at: d.handled ?? sinceFor(cursor, cron) ?? now, schedules: scheduleWithTimezoneString(cron.spec) };
}
