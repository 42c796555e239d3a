/**
 * What the cron controller's pure core (decide.ts) reads and returns. The
 * kube layer (controller.ts) carries the actions out in the order listed in
 * CronDecision and writes the status back.
 */
import type { CronWorkflow, CronWorkflowStatus, Workflow } from '@argo-ts/spec';

export type { CronWorkflow, CronWorkflowStatus };

/** A Workflow created by a CronWorkflow, as the informer holds it. */
export type ChildWorkflow = Pick<Workflow, 'metadata'> & { status?: { phase?: string; finishedAt?: string | null } };

export interface CronInput {
  cron: CronWorkflow;
  /** Workflows whose controller owner reference is this CronWorkflow. */
  children: readonly ChildWorkflow[];
  now: Date;
  /**
   * The scheduler's cursor: the last scheduled time it handled (ran or
   * skipped), or when it first saw this schedule. Scheduled times in
   * (since, now] are due; `@every` counts its delay from here. Undefined the
   * first time the controller sees this CronWorkflow (after a start, a create
   * or a schedule edit): then only a missed run (startingDeadlineSeconds) can
   * be due.
   */
  since?: Date;
}

export type CronAction =
  /** Replace policy: stop a running Workflow (spec.shutdown = Terminate). */
  | { type: 'terminate'; name: string }
  /** History limits: delete a finished Workflow. */
  | { type: 'delete'; name: string; reason: string };

export interface Submission {
  workflow: Workflow;
  scheduledTime: Date;
}

export interface CronDecision {
  /** The status to store (before the submission's outcome, see applySubmission). */
  status: CronWorkflowStatus;
  /** Labels and annotations to merge into the CronWorkflow (completed label, last-used-schedule). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Applied first, in order. */
  actions: CronAction[];
  /** Created after the actions; its outcome goes through applySubmission. */
  submit?: Submission;
  /** The scheduled time this look handled (ran or skipped): the scheduler's next cursor. */
  handled?: Date;
  /** When the scheduler must look again (the next scheduled time); undefined when nothing is scheduled. */
  wakeAt?: Date;
  /** What happened and why, for the controller's log. */
  log: string[];
}

export type SubmissionResult =
  | { created: { name: string; namespace?: string; uid?: string; resourceVersion?: string } }
  | { alreadyExists: true }
  | { error: string };
