/**
 * Applies the operator's actions to the cluster, in this order (stable within
 * a kind, so the operator's own order is kept):
 *   1. createResource (PVCs must exist before pods mount them; a permanent
 *      refusal stops here, see ApplyResult.refusedResource)
 *   2. createPod (in parallel, bounded; AlreadyExists is success — names are deterministic)
 *   3. annotatePod
 *   4. upsertConfigMap (memoization caches)
 *   5. deletePod, 6. deleteResource (NotFound is success)
 *   7. event, 8. deleteWorkflow
 *   9. httpRequest: handed to the HTTP runner, which returns at once (the
 *      request's outcome arrives later as a WorkflowTaskResult)
 * The status is written by the caller only after this returns, so a crash
 * between the two re-emits the same idempotent creates on the next operate.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubeApi, KubeObject } from './api.js';
import { errorMessage, isCode, isTransient } from './errors.js';
import { Resources, resourceFor } from './resources.js';
import type { EventRecorder } from './events.js';
import type { Workflow } from '../operator/model.js';
import type { Action } from '../operator/types.js';

const ORDER: Record<Action['type'], number> = {
  createResource: 0, createPod: 1, annotatePod: 2, upsertConfigMap: 3, deletePod: 4, deleteResource: 5, event: 6, deleteWorkflow: 7, httpRequest: 8, metric: 9,
};

export interface ApplyFailure { action: Action; error: unknown; transient: boolean }
export interface ApplyResult {
  failures: ApplyFailure[];
  podsCreated: number;
  workflowDeleted: boolean;
  /** A PVC the API refused for good: nothing after it was applied (Argo's "pvc create error"). */
  refusedResource?: ApplyFailure;
}

export interface ApplyDeps {
  api: KubeApi;
  recorder?: EventRecorder;
  /** Parallel creates/deletes per kind. */
  concurrency?: number;
  /** Called after we wrote a ConfigMap, so cached reads are dropped. */
  onConfigMapWritten?: (ns: string, name: string) => void;
  /** Performs HTTP templates' requests (http-runner.ts); without one, an httpRequest action fails. */
  http?: { start(wf: Workflow, a: Extract<Action, { type: 'httpRequest' }>): void };
}

export function orderActions(actions: Action[]): Action[] {
  return actions.map((a, i) => ({ a, i })).sort((x, y) => ORDER[x.a.type] - ORDER[y.a.type] || x.i - y.i).map((x) => x.a);
}

async function pool<T>(items: T[], limit: number, f: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await f(items[next++]!);
  });
  await Promise.all(workers);
}

export async function applyActions(wf: Workflow, actions: Action[], deps: ApplyDeps): Promise<ApplyResult> {
  const ns = wf.metadata.namespace ?? 'default';
  const result: ApplyResult = { failures: [], podsCreated: 0, workflowDeleted: false };
  const ordered = orderActions(actions);
  // Group consecutive actions of the same kind and run each group with bounded parallelism.
  for (let i = 0; i < ordered.length;) {
    const kind = ordered[i]!.type;
    let j = i;
    while (j < ordered.length && ordered[j]!.type === kind) j++;
    const group = ordered.slice(i, j);
    i = j;
    const parallel = kind === 'createPod' || kind === 'deletePod' ? deps.concurrency ?? 8 : 1;
    await pool(group, parallel, async (a) => {
      try {
        if (await applyOne(wf, ns, a, deps)) result.podsCreated++;
        if (a.type === 'deleteWorkflow') result.workflowDeleted = true;
      } catch (error) {
        result.failures.push({ action: a, error, transient: isTransient(error) });
      }
    });
    // Pods would mount a volume that never comes: Argo stops there and fails the workflow.
    result.refusedResource = kind === 'createResource' ? result.failures.find((f) => f.action.type === 'createResource' && !f.transient) : undefined;
    if (result.refusedResource) break;
  }
  return result;
}

/** Applies one action; true when it created a pod. */
async function applyOne(wf: Workflow, ns: string, a: Action, deps: ApplyDeps): Promise<boolean> {
  const { api } = deps;
  switch (a.type) {
    case 'createPod':
      try {
        await api.create(Resources.pods, ns, a.pod as KubeObject);
        return true;
      } catch (e) {
        if (isCode(e, 'AlreadyExists')) return false;
        throw e;
      }
    case 'createResource': {
      const o = a.object as KubeObject;
      try {
        await api.create(resourceFor(o.apiVersion ?? 'v1', o.kind ?? ''), ns, o);
      } catch (e) {
        if (!isCode(e, 'AlreadyExists')) throw e;
      }
      return false;
    }
    case 'annotatePod':
      await ignoreNotFound(api.patch(Resources.pods, ns, a.name, { metadata: { annotations: a.annotations, ...(a.labels ? { labels: a.labels } : {}) } }, 'merge'));
      return false;
    case 'deletePod':
      await ignoreNotFound(api.delete(Resources.pods, ns, a.name));
      return false;
    case 'deleteResource':
      await ignoreNotFound(api.delete(resourceFor(a.apiVersion, a.kind), ns, a.name));
      return false;
    case 'upsertConfigMap':
      await upsertConfigMap(api, ns, a);
      deps.onConfigMapWritten?.(ns, a.name);
      return false;
    case 'event':
      deps.recorder?.record(wf, { type: a.eventType, reason: a.reason, message: a.message });
      return false;
    case 'deleteWorkflow':
      await ignoreNotFound(api.delete(Resources.workflows, ns, wf.metadata.name!));
      return false;
    case 'httpRequest':
      if (!deps.http) throw new Error(`no HTTP runner configured to run node ${a.nodeName}`);
      deps.http.start(wf, a);
      return false;
    case 'metric':
      // Recorded by the reconciler once the status is stored (a conflict retry must not count twice).
      return false;
    default:
      throw new Error(`unknown action ${(a as { type: string }).type}`);
  }
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isCode(e, 'NotFound')) throw e;
  }
}

async function upsertConfigMap(api: KubeApi, ns: string, a: Extract<Action, { type: 'upsertConfigMap' }>): Promise<void> {
  const patch = { data: a.data, ...(a.labels ? { metadata: { labels: a.labels } } : {}) };
  try {
    await api.patch(Resources.configMaps, ns, a.name, patch, 'merge');
  } catch (e) {
    if (!isCode(e, 'NotFound')) throw e;
    const cm: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: a.name, namespace: ns, ...(a.labels ? { labels: a.labels } : {}) }, data: a.data };
    try {
      await api.create(Resources.configMaps, ns, cm as KubeObject);
    } catch (e2) {
      // Someone created it between our patch and create: patch again.
      if (!isCode(e2, 'AlreadyExists')) throw e2;
      await api.patch(Resources.configMaps, ns, a.name, patch, 'merge');
    }
  }
}

export function describeFailure(f: ApplyFailure): string {
  const a = f.action;
  const what = a.type === 'createPod' ? `create pod ${a.pod.metadata?.name}` : a.type === 'deletePod' ? `delete pod ${a.name}` : a.type;
  return `${what}: ${errorMessage(f.error)}`;
}
