/**
 * The cron controller's Kubernetes layer: informers on CronWorkflows and on
 * the Workflows they own feed one work queue; a reconcile runs decide() and
 * carries its decision out (terminate, delete, create, then metadata and
 * status writes). It wakes a CronWorkflow at its next scheduled time with a
 * timer, and on any change of it or of its Workflows; every CronWorkflow is
 * also looked at every `syncMs` (Argo's CRON_SYNC_PERIOD, 10 s).
 */
import { Labels, type Workflow } from '@argo-ts/spec';
import type { KubeApi, KubeObject } from '../kube/api.js';
import { errorMessage, isCode } from '../kube/errors.js';
import { ListWatch, keyOf } from '../kube/listwatch.js';
import { WorkQueue } from '../kube/queue.js';
import { Resources } from '../kube/resources.js';
import { sameJson } from '../kube/status.js';
import { advance, sinceFor, type Cursor } from './cursor.js';
import { applySubmission, decide } from './decide.js';
import type { ChildWorkflow, CronAction, CronDecision, CronWorkflow, SubmissionResult } from './model.js';

type StoredCron = CronWorkflow & KubeObject;
type StoredWorkflow = ChildWorkflow & KubeObject;

export interface CronControllerOptions {
  api: KubeApi;
  /** Watch only this namespace (--managed-namespace); default all. */
  namespace?: string;
  /** The clock (tests). */
  now?: () => Date;
  /** Look at every CronWorkflow this often (default 10 s, or $CRON_SYNC_PERIOD in seconds). */
  syncMs?: number;
  log?: (message: string) => void;
}

const OWNER_INDEX = 'cron-owner';
/** setTimeout holds at most ~24.8 days; a later wake-up is re-planned on the way. */
const MAX_WAIT_MS = 24 * 3_600_000;

function cronOwnerKey(wf: StoredWorkflow): string | undefined {
  const owner = wf.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'CronWorkflow');
  return owner ? `${wf.metadata.namespace}/${owner.name}` : undefined;
}

function defaultSyncMs(): number {
  const s = Number(process.env.CRON_SYNC_PERIOD);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}

/** The decision was made on an outdated status; the reconcile is retried (transient). */
class StaleStatusError extends Error {
  readonly code = 'StaleStatus';
  readonly transient = true;
}

export class CronController {
  private readonly crons: ListWatch<StoredCron>;
  private readonly workflows: ListWatch<StoredWorkflow>;
  private readonly queue = new WorkQueue();
  /** Per CronWorkflow key: the scheduler's cursor (see CronInput.since) and the schedules it was set for. */
  private readonly since = new Map<string, Cursor>();
  private readonly now: () => Date;
  private readonly log: (m: string) => void;
  private workers: Promise<void>[] = [];

  constructor(private readonly opts: CronControllerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => undefined);
    const lw = { namespace: opts.namespace, log: this.log };
    this.crons = new ListWatch<StoredCron>(opts.api, Resources.cronWorkflows, { ...lw, resyncMs: opts.syncMs ?? defaultSyncMs() });
    this.workflows = new ListWatch<StoredWorkflow>(opts.api, Resources.workflows, { ...lw, resyncMs: 0, labelSelector: Labels.cronWorkflow });
    this.workflows.addIndex(OWNER_INDEX, cronOwnerKey);
    this.crons.on((ev, cron) => {
      const key = keyOf(cron);
      if (ev === 'delete') { this.since.delete(key); this.queue.forget(key); return; }
      this.queue.add(key);
    });
    this.workflows.on((_ev, wf) => { const key = cronOwnerKey(wf); if (key) this.queue.add(key); });
  }

  /** Starts the informers; reconciles begin once both have listed. */
  start(workers = 2): void {
    this.crons.start();
    this.workflows.start();
    const synced = Promise.all([this.crons.waitForSync(), this.workflows.waitForSync()]);
    for (let i = 0; i < workers; i++) this.workers.push(synced.then(() => this.work(), () => undefined));
  }

  /** The Workflows the informer holds for a CronWorkflow key. */
  children(key: string): ChildWorkflow[] {
    return this.workflows.byIndex(OWNER_INDEX, key);
  }

  async stop(): Promise<void> {
    await Promise.all([this.crons.stop(), this.workflows.stop()]);
    this.queue.shutdown();
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.reconcile(key);
        this.queue.forget(key);
      } catch (e) {
        const delay = this.queue.addRateLimited(key);
        this.log(`cron ${key}: ${errorMessage(e)}; retrying in ${delay} ms`);
      } finally {
        this.queue.done(key);
      }
    }
  }

  /** One look at a CronWorkflow: decide, act, write, and plan the next wake-up. */
  async reconcile(key: string): Promise<void> {
    const cron = this.crons.cache.get(key);
    if (!cron) return;
    const now = this.now();
    const cursor = this.since.get(key);
    const d = decide({ cron, children: this.children(key), now, since: sinceFor(cursor, cron) });
    for (const line of d.log) this.log(`cron ${key}: ${line}`);
    const ns = cron.metadata.namespace!;
    for (const a of d.actions) await this.act(ns, a);
    let status = d.status;
    if (d.submit) status = applySubmission(status, d.submit, await this.submit(ns, d.submit.workflow));
    await this.write(cron, d, status);
    // Only once the run is recorded: a failed write retries the same due time (its Workflow name is fixed).
    this.since.set(key, advance(cursor, cron, d, now));
    if (d.wakeAt) this.queue.addAfter(key, Math.min(MAX_WAIT_MS, Math.max(0, d.wakeAt.getTime() - this.now().getTime())));
  }

  private async act(ns: string, a: CronAction): Promise<void> {
    try {
      if (a.type === 'terminate') {
        await this.opts.api.patch(Resources.workflows, ns, a.name, { spec: { shutdown: 'Terminate' } }, 'merge');
        this.log(`cron: stopping '${a.name}'`);
      } else {
        await this.opts.api.delete(Resources.workflows, ns, a.name);
        this.log(`cron: deleted Workflow '${a.name}' due to ${a.reason}`);
      }
    } catch (e) {
      if (!isCode(e, 'NotFound')) throw e;
      this.log(`cron: workflow '${a.name}' was already gone`);
    }
  }

  private async submit(ns: string, wf: Workflow): Promise<SubmissionResult> {
    try {
      const created = await this.opts.api.create<Workflow & KubeObject>(Resources.workflows, ns, wf as Workflow & KubeObject);
      this.log(`cron: created Workflow '${created.metadata.name}'`);
      const m = created.metadata;
      return { created: { name: m.name!, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion } };
    } catch (e) {
      if (isCode(e, 'AlreadyExists')) return { alreadyExists: true };
      return { error: errorMessage(e) };
    }
  }

  /** Labels and annotations by merge patch; the status through the status subresource, re-read on a conflict. */
  private async write(cron: StoredCron, d: CronDecision, status: CronDecision['status']): Promise<void> {
    const api = this.opts.api;
    const ns = cron.metadata.namespace;
    const name = cron.metadata.name!;
    let current: StoredCron = cron;
    const changed = (want: Record<string, string>, have?: Record<string, string>) => Object.entries(want).some(([k, v]) => have?.[k] !== v);
    if (changed(d.labels, cron.metadata.labels) || changed(d.annotations, cron.metadata.annotations)) {
      current = await api.patch<StoredCron>(Resources.cronWorkflows, ns, name, { metadata: { labels: d.labels, annotations: d.annotations } }, 'merge');
    }
    if (sameJson(cron.status ?? {}, status)) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await api.replace(Resources.cronWorkflows, ns, name, { ...current, status }, 'status');
        return;
      } catch (e) {
        if (!isCode(e, 'Conflict') || attempt >= 3) throw e;
        current = await api.get<StoredCron>(Resources.cronWorkflows, ns, name);
        // Decided on a status that has changed since (the informer had not delivered our last write yet):
        // decide again from the fresh one rather than overwrite it. Only a spec or metadata change is written over.
        if (!sameJson(current.status ?? {}, cron.status ?? {})) throw new StaleStatusError(`${ns}/${name}: status changed while deciding`);
      }
    }
  }
}
