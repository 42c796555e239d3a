/**
 * What a CronWorkflow means outside the scheduler: its schedules with their
 * zone, the next run, and the Workflow it creates (named, labelled, annotated
 * and owned as Argo does). Shared by the cron controller and `argo submit
 * --from cronworkflow/NAME`, so both create the same Workflow.
 */
import { API_VERSION, CronAnnotations, Labels } from '../constants.js';
import type { CronWorkflow } from '../schema/cron.js';
import type { Workflow } from '../schema/workflow.js';
import { parseSchedule } from './schedule.js';

/** Argo appends `-<unix seconds>` (11 characters) to the name; 52 + 11 stays within 63. */
export const MAX_CRON_WORKFLOW_NAME = 52;

/** Labels of a CronWorkflow that its Workflows inherit (who created it). */
const PROPAGATED_LABELS = [Labels.creator, Labels.creatorEmail, Labels.creatorPreferredUsername] as const;

type CronSpecLike = Pick<CronWorkflow['spec'], 'schedules' | 'timezone'>;

/** `CRON_TZ=<zone> <schedule>` per schedule when a zone is set, as Argo passes them to robfig/cron. */
export function schedulesWithTimezone(spec: CronSpecLike): string[] {
  return (spec.schedules ?? []).map((s) => (spec.timezone ? `CRON_TZ=${spec.timezone} ${s}` : s));
}

/** The schedules as `argo cron list` shows them: comma-separated. */
export function scheduleString(spec: CronSpecLike): string {
  return (spec.schedules ?? []).join(',');
}

/** The value of the last-used-schedule annotation. */
export function scheduleWithTimezoneString(spec: CronSpecLike): string {
  return schedulesWithTimezone(spec).join(',');
}

/** The earliest next run over all schedules after `now`; undefined when a schedule does not parse or none runs again. */
export function nextRunTime(spec: CronSpecLike, now: Date): Date | undefined {
  let best: Date | undefined;
  for (const s of spec.schedules ?? []) {
    let next: Date | undefined;
    try {
      next = parseSchedule(s, spec.timezone).next(now);
    } catch {
      return undefined;
    }
    if (next && (!best || next < best)) best = next;
  }
  return best;
}

/** `<cron name>-<unix seconds of the scheduled time>`: one Workflow per scheduled time, so a duplicate submission is refused. */
export function cronChildName(cronName: string, scheduled: Date): string {
  return `${cronName}-${Math.floor(scheduled.getTime() / 1000)}`;
}

export interface CronWorkflowRef {
  apiVersion?: string;
  metadata: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  spec: Pick<CronWorkflow['spec'], 'workflowSpec' | 'workflowMetadata'>;
}

/**
 * The Workflow a CronWorkflow creates: `name` (scheduled runs) or
 * `generateName` (`argo submit --from`), the cron-workflow label, the
 * scheduled-time annotation, workflowMetadata's labels, annotations and
 * finalizers, and a controller owner reference to the CronWorkflow.
 */
export function workflowFromCron(cron: CronWorkflowRef, opts: { name?: string; generateName?: string; scheduledTime: string }): Workflow {
  const cronName = cron.metadata.name ?? '';
  const labels: Record<string, string> = {};
  for (const k of [...PROPAGATED_LABELS, Labels.controllerInstanceId]) {
    const v = cron.metadata.labels?.[k];
    if (v !== undefined) labels[k] = v;
  }
  labels[Labels.cronWorkflow] = cronName;
  const meta = cron.spec.workflowMetadata;
  Object.assign(labels, meta?.labels ?? {});
  const annotations = { [CronAnnotations.scheduledTime]: opts.scheduledTime, ...(meta?.annotations ?? {}) };
  const apiVersion = cron.apiVersion ?? API_VERSION;
  return {
    apiVersion,
    kind: 'Workflow',
    metadata: {
      ...(opts.name ? { name: opts.name } : { generateName: opts.generateName ?? `${cronName}-` }),
      ...(cron.metadata.namespace ? { namespace: cron.metadata.namespace } : {}),
      labels,
      annotations,
      ...(meta?.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
      ...(cron.metadata.uid
        ? { ownerReferences: [{ apiVersion, kind: 'CronWorkflow', name: cronName, uid: cron.metadata.uid, controller: true, blockOwnerDeletion: true }] }
        : {}),
    },
    spec: structuredClone(cron.spec.workflowSpec),
  };
}
