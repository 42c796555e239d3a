/**
 * One reconcile of one workflow key: read the cached workflow, its pods and
 * task results and what `ctx` needs, call the pure `operate`, apply its
 * actions (apply.ts order), write status and labels, record events, and ask
 * for a timed requeue when the operator wants one. A Conflict on the status
 * write re-reads the workflow and operates again (bounded); transient errors
 * are thrown so the worker requeues the key with backoff.
 */
import type { EntrypointResolver } from './entrypoints.js';
import { Annotations, Labels, hydrateWorkflow } from '@argo-ts/spec';
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeApi, KubeObject } from './api.js';
import { applyActions, describeFailure, type ApplyFailure } from './apply.js';
import { operatorConfig, type ControllerConfig } from './config.js';
import type { ContextLoader } from './context.js';
import { errorMessage, isCode } from './errors.js';
import { HttpRunner } from './http-runner.js';
import { transitionEvents, type EventRecorder } from './events.js';
import type { ListWatch } from './listwatch.js';
import type { ControllerMetrics } from './metrics.js';
import { Resources } from './resources.js';
import { pvcCreateError } from './pvc-error.js';
import { writeStatus } from './status.js';
import type { Workflow, WorkflowStatus, WorkflowTaskResult } from '../operator/model.js';
import type { LockIntent, LockView, Operate, OperateContext } from '../operator/types.js';

export const WORKFLOW_INDEX = 'workflow';

/** Index value for objects labelled with their workflow: `namespace/workflow`. */
export function workflowIndex(o: KubeObject): string | undefined {
  const wf = o.metadata?.labels?.[Labels.workflow];
  return wf ? `${o.metadata?.namespace ?? 'default'}/${wf}` : undefined;
}

export interface ReconcileDeps {
  api: KubeApi;
  operate: Operate;
  workflows: ListWatch<Workflow & KubeObject>;
  pods: ListWatch<V1Pod & KubeObject>;
  taskResults?: ListWatch<WorkflowTaskResult & KubeObject>;
  loader: ContextLoader;
  config: () => ControllerConfig;
  recorder: EventRecorder;
  metrics?: ControllerMetrics;
  requeueAfter: (key: string, ms: number) => void;
  log: (m: string) => void;
  now?: () => Date;
  nodeEvents?: boolean;
  maxConflictRetries?: number;
  /** Runs HTTP templates' requests; default: one of its own (http-runner.ts). */
  http?: HttpRunner;
  /** Mutexes and semaphores (sync/service.ts). */
  locks?: { prepare(wf: Workflow, ctx: OperateContext): Promise<void>; session(): LockView; apply(intents: readonly LockIntent[]): void };
  /** Largest workflow stored with plain `status.nodes` (see offload.ts). */
  maxWorkflowSize?: number;
  /** ENTRYPOINT/CMD lookups for images used without `command` (entrypoints.ts). */
  entrypoints?: EntrypointResolver;
}

/** Whether this controller instance owns the workflow (Argo's instanceID label). */
export function ownedBy(wf: Workflow, instanceId: string | undefined): boolean {
  const label = wf.metadata.labels?.[Labels.controllerInstanceId];
  return instanceId ? label === instanceId : label === undefined;
}

export class TransientReconcileError extends Error {
  readonly transient = true;
  readonly code = 'ReconcileTransient' as const;
}

export class Reconciler {
  /**
   * Our last status write per key (status with plain nodes), used while the
   * informer still has the version before it (a stale cache) and once it has
   * ours: then it is the same content, and reusing it spares decompressing
   * the nodes and keeps the node objects the operator's memo knows.
   */
  private readonly written = new Map<string, { staleRv: string | undefined; rv: string | undefined; wf: Workflow & KubeObject }>();

  private readonly http: HttpRunner;

  constructor(private readonly d: ReconcileDeps) {
    this.http = d.http ?? new HttpRunner(d.api, { log: d.log });
  }

  forget(key: string): void {
    this.written.delete(key);
  }

  private current(key: string): (Workflow & KubeObject) | undefined {
    const cached = this.d.workflows.cache.get(key);
    const mine = this.written.get(key);
    if (!cached) return undefined;
    const rv = cached.metadata?.resourceVersion;
    if (mine && (rv === mine.staleRv || (rv !== undefined && rv === mine.rv))) return mine.wf;
    this.written.delete(key);
    return hydrateWorkflow(cached);
  }

  async reconcile(key: string): Promise<void> {
    let wf = this.current(key);
    if (!wf || !ownedBy(wf, this.d.config().instanceId)) return;
    const attempts = this.d.maxConflictRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.once(key, wf);
        return;
      } catch (e) {
        if (!isCode(e, 'Conflict') || attempt + 1 >= attempts) throw e;
        const ns: string = wf.metadata.namespace ?? 'default';
        try {
          wf = hydrateWorkflow(await this.d.api.get<Workflow & KubeObject>(Resources.workflows, ns, wf.metadata.name!));
        } catch (e2) {
          if (isCode(e2, 'NotFound')) return;
          throw e2;
        }
      }
    }
  }

  private async once(key: string, wf: Workflow & KubeObject): Promise<void> {
    const d = this.d;
    const pods = d.pods.byIndex(WORKFLOW_INDEX, key);
    const results = d.taskResults?.byIndex(WORKFLOW_INDEX, key) ?? [];
    const loaded = await d.loader.load(wf, results);
    await d.locks?.prepare(wf, loaded.ctx);
    let cfg = operatorConfig(d.config(), loaded.artifactRepository);
    if (d.entrypoints) {
      const found = await d.entrypoints.resolve(wf, loaded.ctx, d.config());
      // The ConfigMap's index wins over the registry, as in Argo.
      cfg = { ...cfg, images: { ...found.images, ...cfg.images }, imageLookupErrors: found.errors };
    }
    const ctx = d.locks ? { ...loaded.ctx, sync: d.locks.session() } : loaded.ctx;
    const result = d.operate(wf, pods, d.now?.() ?? new Date(), cfg, ctx);
    // Committed before any await, so no other reconcile decides on these locks in between.
    if (result.locks) d.locks?.apply(result.locks);

    // Events wait until the status is stored, so a conflict retry does not record them twice.
    const events = result.actions.filter((a) => a.type === 'event');
    const metrics = result.actions.filter((a) => a.type === 'metric');
    const applied = await applyActions(wf, result.actions.filter((a) => a.type !== 'event' && a.type !== 'metric'), {
      api: d.api, recorder: d.recorder, http: this.http, onConfigMapWritten: (ns, name) => d.loader.invalidate('configmaps', ns, name),
    });
    d.metrics?.podsCreated.inc(applied.podsCreated);
    if (applied.workflowDeleted) { this.written.delete(key); return; }
    const transient = applied.failures.filter((x) => x.transient);
    if (transient.length) {
      // Keep the old status: the next operate emits the same (idempotent) actions again.
      throw new TransientReconcileError(`${transient.length} action(s) failed: ${transient.slice(0, 3).map(describeFailure).join('; ')}`);
    }
    const permanent = applied.failures;
    const nowIso = (d.now?.() ?? new Date()).toISOString();
    // A refused PVC ends the workflow as Argo's "pvc create error" (pvc-error.ts), in place of this operate's outcome.
    const refused = applied.refusedResource && pvcCreateError(wf.status, result.status, applied.refusedResource, nowIso);
    if (!refused) for (const f of permanent) d.recorder.record(wf, { type: 'Warning', reason: 'WorkflowActionFailed', message: describeFailure(f) });
    const status = refused ? refused.status : markUncreatedPods(result.status, permanent, nowIso);

    const res = await writeStatus(d.api, wf, status, refused ? refused.labels : result.labels, { ...(d.maxWorkflowSize ? { maxSize: d.maxWorkflowSize } : {}), ...(d.now ? { now: d.now } : {}), ...(result.annotations ? { annotations: result.annotations } : {}) });
    if (res.gone) { this.written.delete(key); return; }
    if (res.written) this.written.set(key, { staleRv: wf.metadata.resourceVersion, rv: res.written.metadata.resourceVersion, wf: res.written as Workflow & KubeObject });
    if (res.tooLarge) d.recorder.record(res.written ?? wf, { type: 'Warning', reason: 'WorkflowTooLarge', message: res.tooLarge });

    const after = res.written ?? wf;
    if (!refused && res.written) {
      for (const a of metrics) {
        const problem = d.metrics?.custom(a.metric);
        if (problem) d.recorder.record(after, { type: 'Warning', reason: 'MetricEmissionFailed', message: problem });
      }
    }
    if (!refused) for (const a of events) if (a.type === 'event') d.recorder.record(after, { type: a.eventType, reason: a.reason, message: a.message });
    for (const w of loaded.warnings) d.recorder.record(after, { type: 'Warning', reason: 'WorkflowWarning', message: w });
    for (const ev of refused ? refused.events : transitionEvents(wf.status, status, d.nodeEvents ?? true)) d.recorder.record(after, ev);
    if (result.requeueAfterMs !== undefined) d.requeueAfter(key, Math.max(0, result.requeueAfterMs));
  }
}

/**
 * A pod the API refused for good (e.g. 422 Invalid) will never appear, and
 * the operator waits for pods it has asked for: record its node as Error with
 * the API's message so the workflow can fail instead of hanging.
 */
export function markUncreatedPods(status: WorkflowStatus, failures: ApplyFailure[], nowIso: string): WorkflowStatus {
  const refused = failures.flatMap((f) => (f.action.type === 'createPod' ? [[f.action.pod, f.error] as const] : []));
  if (!refused.length || !status.nodes) return status;
  const nodes = { ...status.nodes };
  for (const [pod, error] of refused) {
    const id = pod.metadata?.annotations?.[Annotations.nodeId];
    const node = id ? nodes[id] : undefined;
    if (!id || !node || node.phase !== 'Pending') continue;
    nodes[id] = { ...node, phase: 'Error', message: `failed to create pod ${pod.metadata?.name}: ${errorMessage(error)}`, finishedAt: nowIso };
  }
  return { ...status, nodes };
}

export function reconcileErrorCause(e: unknown): string {
  if (e instanceof TransientReconcileError) return 'actions';
  if (isCode(e, 'Conflict')) return 'conflict';
  if (e && typeof e === 'object' && 'code' in e) return String((e as { code: unknown }).code);
  return errorMessage(e).slice(0, 40);
}
