/**
 * CronWorkflows as `argo cron list` and `argo cron get` print them: LAST RUN
 * and NEXT RUN as short durations from now (N/A when there is none), and the
 * `Name:` / `Schedules:` / `NextScheduledTime:` block of `get`.
 */
import { nextRunTime, scheduleString } from '@argo-ts/spec';
import type { KubeObject } from '../types.js';
import { argoTimestamp, parseTime, relativeTime, shortDuration } from './time.js';

type CronSpec = { schedules?: string[]; timezone?: string; suspend?: boolean; startingDeadlineSeconds?: number; concurrencyPolicy?: string; workflowSpec?: { arguments?: { parameters?: Array<{ name: string; value?: string }> } } };

function spec(o: KubeObject): CronSpec {
  return (o.spec ?? {}) as CronSpec;
}

export function nextRun(o: KubeObject, now: Date): Date | undefined {
  const s = spec(o);
  return nextRunTime({ schedules: s.schedules ?? [], timezone: s.timezone }, now);
}

/** LAST RUN: how long ago the last scheduled time was. */
export function lastRunCell(o: KubeObject, now: Date): string {
  const t = parseTime(o.status?.lastScheduledTime);
  return t ? shortDuration((now.getTime() - t.getTime()) / 1000) : 'N/A';
}

/** NEXT RUN: how long until the next scheduled time. */
export function nextRunCell(o: KubeObject, now: Date): string {
  const t = nextRun(o, now);
  return t ? shortDuration(Math.ceil((t.getTime() - now.getTime()) / 1000)) : 'N/A';
}

export function schedulesCell(o: KubeObject): string {
  return scheduleString({ schedules: spec(o).schedules ?? [] });
}

const row = (key: string, value: unknown) => `${key.padEnd(30)} ${String(value)}`;
const when = (t: Date, now: Date) => `${argoTimestamp(t)} (${relativeTime(t, now)})`;

/** The human-readable block of `argo cron get` (and `create` without -o). */
export function describeCron(o: KubeObject, now: Date): string {
  const s = spec(o);
  const lines = [row('Name:', o.metadata.name ?? ''), row('Namespace:', o.metadata.namespace ?? '')];
  const created = parseTime(o.metadata.creationTimestamp);
  if (created) lines.push(row('Created:', when(created, now)));
  lines.push(row('Schedules:', schedulesCell(o)), row('Suspended:', s.suspend === true));
  if (s.timezone) lines.push(row('Timezone:', s.timezone));
  if (s.startingDeadlineSeconds !== undefined) lines.push(row('StartingDeadlineSeconds:', s.startingDeadlineSeconds));
  if (s.concurrencyPolicy) lines.push(row('ConcurrencyPolicy:', s.concurrencyPolicy));
  const last = parseTime(o.status?.lastScheduledTime);
  if (last) lines.push(row('LastScheduledTime:', when(last, now)));
  const next = nextRun(o, now);
  if (next) lines.push(row('NextScheduledTime:', when(next, now)));
  const active = (o.status?.active ?? []) as Array<{ name?: string }>;
  if (active.length) lines.push(row('Active Workflows:', active.map((a) => a.name).join(', ')));
  const conditions = (o.status?.conditions ?? []) as Array<{ type?: string; message?: string }>;
  if (conditions.length) lines.push(row('Conditions:', ''));
  for (const c of conditions) lines.push(row(`✖ ${c.type ?? ''}`, c.message ?? ''));
  const params = (s.workflowSpec?.arguments?.parameters ?? []).filter((p) => p.value !== undefined);
  if (params.length) {
    lines.push(row('Workflow Parameters:', ''));
    for (const p of params) lines.push(row(`  ${p.name}:`, p.value));
  }
  return lines.join('\n');
}
