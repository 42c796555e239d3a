/**
 * CronWorkflows, as Argo's ValidateCronWorkflow: at least one schedule, each
 * one robfig/cron would parse in the given time zone (cron/schedule.ts), a
 * known concurrencyPolicy, a startingDeadlineSeconds that is not negative,
 * and a name short enough for the `-<unix time>` suffix of its Workflows.
 */
import { MAX_CRON_WORKFLOW_NAME } from '../../cron/workflow.js';
import { scheduleProblem } from '../../cron/schedule.js';
import { timeZoneProblem } from '../../cron/zone.js';
import { asArr, asObj, asStr } from '../model.js';
import type { Check } from './types.js';

export const checkCron: Check = ({ subject, report }) => {
  if (subject.kind !== 'CronWorkflow') return;
  const obj = subject.doc.object;
  const name = asStr(asObj(obj.metadata)?.name);
  if (name && name.length > MAX_CRON_WORKFLOW_NAME) {
    report(['metadata', 'name'], 'invalid-name', `cron workflow name "${name}" must not be more than ${MAX_CRON_WORKFLOW_NAME} characters long (currently ${name.length})`);
  }
  const spec = asObj(obj.spec) ?? {};
  const timezone = asStr(spec.timezone) || undefined;
  const zoneProblem = timezone ? timeZoneProblem(timezone) : undefined;
  if (zoneProblem) report(['spec', 'timezone'], 'invalid-field', `expected an IANA time zone such as "America/Los_Angeles": ${zoneProblem}`);
  const schedules = asArr(spec.schedules);
  if (Array.isArray(spec.schedules) && schedules.length === 0) report(['spec', 'schedules'], 'invalid-field', 'expected at least one cron schedule');
  schedules.forEach((s, i) => {
    const text = asStr(s);
    // A bad zone is reported once, at spec.timezone.
    const err = text === undefined ? undefined : scheduleProblem(text, zoneProblem ? 'UTC' : timezone);
    if (err) report(['spec', 'schedules', i], 'invalid-field', `cron schedule "${text}" is malformed: ${err}`);
  });
  const policy = asStr(spec.concurrencyPolicy);
  if (policy && !['Allow', 'Forbid', 'Replace'].includes(policy)) {
    report(['spec', 'concurrencyPolicy'], 'invalid-field', `expected one of Allow, Forbid, Replace, got "${policy}"`);
  }
  if (typeof spec.startingDeadlineSeconds === 'number' && spec.startingDeadlineSeconds < 0) {
    report(['spec', 'startingDeadlineSeconds'], 'invalid-field', 'must not be negative');
  }
};
