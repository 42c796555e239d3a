/**
 * The cron controller's decisions, pure: given a CronWorkflow, the Workflows
 * it owns, the time and the scheduler's cursor, what to write and do. It
 * follows Argo's cron operator: bring `active`, `succeeded` and `failed` up
 * to date and prune history (Argo's periodic sync), refuse an invalid spec
 * (SpecError), then run the due scheduled time, if any, through stopStrategy,
 * suspend, `when` and the concurrency policy.
 */
import {
  CronAnnotations, Labels, cronChildName, formatRfc3339, parseSchedule, scheduleWithTimezoneString, workflowFromCron,
  type Schedule,
} from '@argo-ts/spec';
import { evalBool, seededRuntime, type ExprRuntime } from '@argo-ts/lang';
import { whenHolds } from '../template/index.js';
import { removeCondition, upsertCondition } from './conditions.js';
import { historyDeletions, isFinished } from './history.js';
import type { ChildWorkflow, CronDecision, CronInput, CronWorkflow, Submission, SubmissionResult } from './model.js';
import { specError } from './validate.js';
import { cronEnv, cronScope } from './vars.js';

const STOPPED = 'Stopped';
const ACTIVE = 'Active';

/** The CronWorkflow as the decision so far sees it (status counts, labels), for stopStrategy and `when`. */
function view(cron: CronWorkflow, d: CronDecision): CronWorkflow {
  return { ...cron, metadata: { ...cron.metadata, labels: { ...(cron.metadata.labels ?? {}), ...d.labels } }, status: d.status };
}

function isCompleted(cron: CronWorkflow, d: CronDecision): boolean {
  return (d.labels[Labels.cronWorkflowCompleted] ?? cron.metadata.labels?.[Labels.cronWorkflowCompleted]) === 'true' || d.status.phase === STOPPED;
}

function setCompleted(d: CronDecision): void {
  d.status.phase = STOPPED;
  d.labels[Labels.cronWorkflowCompleted] = 'true';
}

/** stopStrategy.expression over `cronworkflow.*`; undefined when there is none. Throws on a bad expression. */
function stopConditionHolds(cron: CronWorkflow, runtime: ExprRuntime): boolean {
  const expr = cron.spec.stopStrategy?.expression;
  if (!expr) return false;
  try {
    return evalBool(expr, cronEnv(cron), runtime);
  } catch (e) {
    throw new Error(`failed to evaluate stop expression: ${(e as Error).message}`);
  }
}

/** Expressions see the decision's time (never the wall clock), so a decision can be replayed. */
function exprRuntime({ cron, now }: CronInput): ExprRuntime {
  return seededRuntime(now, `${cron.metadata.uid ?? cron.metadata.name ?? ''}/${now.toISOString()}`);
}

type ObjectRef = NonNullable<NonNullable<CronWorkflow['status']>['active']>[number];

function refOf(wf: ChildWorkflow): ObjectRef {
  return { kind: 'Workflow', apiVersion: 'argoproj.io/v1alpha1', name: wf.metadata.name, namespace: wf.metadata.namespace, uid: wf.metadata.uid, resourceVersion: wf.metadata.resourceVersion };
}

/** Argo's reconcileActiveWfs: adopt running children, drop finished or deleted ones and count how they ended. */
function reconcileActive(input: CronInput, d: CronDecision): void {
  const { cron, children } = input;
  const runtime = exprRuntime(input);
  const active = [...(d.status.active ?? [])];
  const byUid = new Map(children.map((c) => [c.metadata.uid, c]));
  for (const c of children) {
    if (!isFinished(c) && !active.some((r) => r.uid === c.metadata.uid)) active.push(refOf(c));
  }
  const still: typeof active = [];
  for (const ref of active) {
    const c = byUid.get(ref.uid);
    if (c && !isFinished(c)) { still.push(ref); continue; }
    if (!c) { d.log.push(`workflow ${ref.name} is gone; no longer active`); continue; }
    if (c.status?.phase === 'Succeeded') d.status.succeeded = (d.status.succeeded ?? 0) + 1;
    else d.status.failed = (d.status.failed ?? 0) + 1;
    try {
      if (stopConditionHolds(view(cron, d), runtime)) setCompleted(d);
    } catch (e) {
      d.log.push(`failed to check CronWorkflow '${cron.metadata.name}' stopping condition: ${(e as Error).message}`);
    }
  }
  if (still.length) d.status.active = still;
  else delete d.status.active;
}

/** The latest time in (from, to] of any schedule (`to` itself excluded when `open`). */
function latestBetween(schedules: Schedule[], from: Date, to: Date, open = false): Date | undefined {
  let latest: Date | undefined;
  for (const s of schedules) {
    for (let t = s.next(from); t && (open ? t < to : t <= to); t = s.next(t)) {
      if (!latest || t > latest) latest = t;
    }
  }
  return latest;
}

function usingNewSchedule(cron: CronWorkflow): boolean {
  return cron.metadata.annotations?.[CronAnnotations.lastUsedSchedule] !== scheduleWithTimezoneString(cron.spec);
}

/**
 * The scheduled time to run now: the latest one that came due since the
 * scheduler last looked; else, as Argo's runOutstandingWorkflows, the latest
 * one missed since the last run (controller down, or skipped by Forbid,
 * suspend or `when`) while still within startingDeadlineSeconds. A schedule
 * that was just edited has no missed runs (argo-workflows #7182).
 */
function dueTime(input: CronInput, schedules: Schedule[], d: CronDecision): Date | undefined {
  const { cron, now, since } = input;
  if (since) {
    const due = latestBetween(schedules, since, now);
    if (due) { d.handled = due; return due; }
  }
  const deadline = cron.spec.startingDeadlineSeconds;
  const last = cron.status?.lastScheduledTime;
  if (deadline === undefined || !last || usingNewSchedule(cron)) return undefined;
  const from = new Date(Math.max(new Date(last).getTime(), now.getTime() - deadline * 1000));
  const missed = latestBetween(schedules, from, now, true);
  if (missed && now.getTime() < missed.getTime() + deadline * 1000) {
    d.log.push(`${cron.metadata.name} missed an execution at ${missed.toISOString()} and is within StartingDeadline`);
    // The cursor moves to now: a run made up late does not make `@every` catch up on the others.
    d.handled = now;
    return missed;
  }
  return undefined;
}

/** Argo's run(): stopStrategy, then suspend, Stopped, `when` and the concurrency policy; then the Workflow. */
function run(input: CronInput, d: CronDecision, due: Date, timeZone: string): void {
  const { cron } = input;
  const name = cron.metadata.name ?? '';
  const runtime = exprRuntime(input);
  if (usingNewSchedule(cron)) d.annotations[CronAnnotations.lastUsedSchedule] = scheduleWithTimezoneString(cron.spec);
  try {
    if (stopConditionHolds(view(cron, d), runtime)) setCompleted(d);
  } catch (e) {
    upsertCondition(d.status, 'SpecError', `failed to check CronWorkflow '${name}' stopping condition: ${(e as Error).message}`);
    return;
  }
  if (cron.spec.suspend) { d.log.push(`${name} is suspended, skipping execution`); return; }
  if (d.status.phase === STOPPED) { d.log.push(`CronWorkflow ${name} is marked as stopped since it achieved the stopping condition`); return; }
  try {
    if (cron.spec.when && !whenHolds(cron.spec.when, cronScope(view(cron, d)), { runtime })) { d.log.push(`${name}: when is false, skipping execution`); return; }
  } catch (e) {
    submissionError(d, `run policy error: ${(e as Error).message}`);
    return;
  }
  const active = d.status.active ?? [];
  const policy = cron.spec.concurrencyPolicy ?? '';
  if (policy === 'Forbid' && active.length) { d.log.push(`${name} has 'ConcurrencyPolicy: Forbid' and has an active Workflow so it was not run`); return; }
  if (policy === 'Replace' && active.length) {
    d.log.push(`${name} has 'ConcurrencyPolicy: Replace' and has active Workflows`);
    for (const ref of active) if (ref.name) d.actions.push({ type: 'terminate', name: ref.name });
  }
  d.submit = { workflow: workflowFromCron(cron, { name: cronChildName(name, due), scheduledTime: formatRfc3339(due, timeZone) }), scheduledTime: due };
}

function submissionError(d: CronDecision, message: string): void {
  upsertCondition(d.status, 'SubmissionError', message);
  d.status.failed = (d.status.failed ?? 0) + 1;
}

export function decide(input: CronInput): CronDecision {
  const { cron, now } = input;
  const d: CronDecision = { status: structuredClone(cron.status ?? {}), labels: {}, annotations: {}, actions: [], log: [] };
  reconcileActive(input, d);
  d.actions.push(...historyDeletions(cron, input.children));
  const problem = specError(cron);
  if (problem) {
    upsertCondition(d.status, 'SpecError', problem);
    d.log.push(`invalid cron workflow: ${problem}`);
    return d;
  }
  removeCondition(d.status, 'SpecError');
  if (isCompleted(cron, d)) return d;
  const schedules = cron.spec.schedules.map((s) => parseSchedule(s, cron.spec.timezone));
  const due = dueTime(input, schedules, d);
  if (due) run(input, d, due, schedules[0]!.timeZone);
  if (!isCompleted(cron, d)) {
    // From the cursor, not from now: `@every` keeps its cadence however often the CronWorkflow is looked at.
    const from = d.handled ?? input.since ?? now;
    for (const s of schedules) {
      let next = s.next(from);
      // A cursor far behind (missed runs that were not due) must not plan a wake-up in the past.
      if (next && next <= now) next = s.next(now);
      if (next && (!d.wakeAt || next < d.wakeAt)) d.wakeAt = next;
    }
  }
  return d;
}

/** RFC 3339 in UTC to the second, as Kubernetes stores a metav1.Time. */
function kubeTime(t: Date): string {
  return `${t.toISOString().slice(0, 19)}Z`;
}

/** The status once the kube layer has tried to create `submission`'s Workflow. */
export function applySubmission(status: CronWorkflow['status'] & object, submission: Submission, result: SubmissionResult): NonNullable<CronWorkflow['status']> {
  const out = structuredClone(status);
  // A duplicate (same scheduled time, already created) is no error, as in Argo. It is our own
  // Workflow, created on an earlier try whose status write was lost: record its time (the next
  // sync adopts it into active) so that it is not taken for a missed run.
  if ('alreadyExists' in result) {
    if (!out.lastScheduledTime || new Date(out.lastScheduledTime) < submission.scheduledTime) out.lastScheduledTime = kubeTime(submission.scheduledTime);
    return out;
  }
  if ('error' in result) {
    upsertCondition(out, 'SubmissionError', `Failed to submit Workflow: ${result.error}`);
    out.failed = (out.failed ?? 0) + 1;
    return out;
  }
  const c = result.created;
  out.active = [...(out.active ?? []), { kind: 'Workflow', apiVersion: submission.workflow.apiVersion, name: c.name, namespace: c.namespace, uid: c.uid, resourceVersion: c.resourceVersion }];
  out.phase = ACTIVE;
  out.lastScheduledTime = kubeTime(submission.scheduledTime);
  removeCondition(out, 'SubmissionError');
  return out;
}
