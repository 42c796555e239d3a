/**
 * A fake cluster for the cron core: holds one CronWorkflow and its
 * Workflows, runs decide() at the times a test names (a fake clock; nothing
 * waits) and applies its decisions as the kube layer would.
 */
import type { Workflow, WorkflowPhase } from '@argo-ts/spec';
import { advance, sinceFor, type Cursor } from '../cursor.js';
import { applySubmission, decide } from '../decide.js';
import type { ChildWorkflow, CronDecision, CronWorkflow } from '../model.js';

export const CRON_UID = 'cron-uid-1';

export function cronWorkflow(spec: Partial<CronWorkflow['spec']>, extra: Partial<CronWorkflow> = {}): CronWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    ...extra,
    metadata: { name: 'hello', namespace: 'argo', uid: CRON_UID, ...(extra.metadata ?? {}) },
    spec: {
      schedules: ['* * * * *'],
      timezone: 'UTC',
      workflowSpec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine', command: ['true'] } }] },
      ...spec,
    },
  };
}

export class CronSim {
  children: Array<ChildWorkflow & Workflow> = [];
  cursor?: Cursor;
  last?: CronDecision;
  /** Every submission the controller made, by name. */
  created: string[] = [];
  terminated: string[] = [];
  deleted: string[] = [];
  failNextCreate?: string;
  private uid = 0;

  constructor(public cron: CronWorkflow) {}

  /** One reconcile at `now`; returns the decision (already applied). */
  tick(now: Date | string): CronDecision {
    const at = typeof now === 'string' ? new Date(now) : now;
    const d = decide({ cron: this.cron, children: this.children, now: at, since: sinceFor(this.cursor, this.cron) });
    this.cursor = advance(this.cursor, this.cron, d, at);
    this.last = d;
    for (const a of d.actions) {
      if (a.type === 'terminate') { this.terminated.push(a.name); this.setPhase(a.name, 'Failed', at); }
      else { this.deleted.push(a.name); this.children = this.children.filter((c) => c.metadata.name !== a.name); }
    }
    let status = d.status;
    if (d.submit) {
      const name = d.submit.workflow.metadata.name!;
      if (this.failNextCreate) {
        status = applySubmission(status, d.submit, { error: this.failNextCreate });
        this.failNextCreate = undefined;
      } else if (this.children.some((c) => c.metadata.name === name)) {
        status = applySubmission(status, d.submit, { alreadyExists: true });
      } else {
        const uid = `wf-uid-${++this.uid}`;
        this.children.push({ ...d.submit.workflow, metadata: { ...d.submit.workflow.metadata, uid }, status: { phase: 'Running' } });
        this.created.push(name);
        status = applySubmission(status, d.submit, { created: { name, namespace: 'argo', uid } });
      }
    }
    this.cron = {
      ...this.cron,
      metadata: {
        ...this.cron.metadata,
        labels: { ...(this.cron.metadata.labels ?? {}), ...d.labels },
        annotations: { ...(this.cron.metadata.annotations ?? {}), ...d.annotations },
      },
      status,
    };
    return d;
  }

  /** Ticks at each wake-up time the controller asks for, until `until`; returns the ticks' times. */
  runUntil(until: string): string[] {
    const end = new Date(until);
    const times: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const wake = this.last?.wakeAt;
      if (!wake || wake > end) break;
      this.tick(wake);
      times.push(wake.toISOString());
    }
    return times;
  }

  setPhase(name: string, phase: WorkflowPhase, finishedAt?: Date): void {
    const c = this.children.find((x) => x.metadata.name === name);
    if (!c) throw new Error(`no workflow ${name}`);
    c.status = { phase, ...(finishedAt ? { finishedAt: finishedAt.toISOString() } : {}) };
  }

  scheduledTimes(): string[] {
    return this.children.map((c) => c.metadata.annotations?.['workflows.argoproj.io/scheduled-time'] ?? '');
  }
}
