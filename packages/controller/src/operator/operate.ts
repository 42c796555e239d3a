/**
 * operate(): one pure reconcile of a workflow. See types.ts for the contract.
 * Order: fold pods into nodes, apply shutdown/deadline, run the entrypoint
 * from the root node (every template re-enters from its node; fulfilled
 * nodes return at once), then the exit handler, then the workflow's phase.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Labels, isFulfilled, isWorkflowCompleted } from '@argo-ts/spec';
import type { WorkflowPhase } from '@argo-ts/spec';
import { KINDS } from './kinds.js';
import { executeTemplate } from './execute.js';
import { runExitHandler, runExpressionHooks } from './hooks.js';
import { stopAll, stopReason } from './lifecycle.js';
import type { NodeStatus, Workflow, WorkflowStatus } from './model.js';
import { globalLookup, workflowParameters } from './params.js';
import { observePods } from './pod-node.js';
import { Operation } from './state.js';
import { loadMemo, saveMemo } from './memo.js';
import { ttlResult } from './ttl.js';
import { podGC } from './podgc.js';
import { updateResourcesDuration } from './resources-duration.js';
import { failures, progress } from './status.js';
import { effectiveSpec, mergeUnder } from './templates.js';
import { releaseFinished, settleLocks, workflowLocks } from './sync.js';
import type { OperateContext, OperateResult, OperatorConfig } from './types.js';
import { workflowMetadata, type WorkflowMeta } from './workflow-metadata.js';
import { emitMetrics } from './metrics.js';


function workflowPhase(root: NodeStatus): WorkflowPhase {
  return root.phase === 'Skipped' || root.phase === 'Omitted' ? 'Succeeded' : root.phase ?? 'Error';
}

function finish(op: Operation, status: WorkflowStatus, phase: WorkflowPhase, message: string | undefined): void {
  status.phase = phase;
  status.finishedAt = op.nowIso;
  if (message) status.message = message;
  if (op.spec?.podDisruptionBudget) op.emit({ type: 'deleteResource', apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', name: op.name });
  // volumeClaimGC, Argo's default OnWorkflowSuccess: a workflow that did not succeed keeps its PVCs
  // for a retry (its owner reference still removes them with the workflow).
  if ((op.spec?.volumeClaimGC?.strategy || 'OnWorkflowSuccess') === 'OnWorkflowSuccess' && phase !== 'Succeeded') return;
  for (const vct of op.spec?.volumeClaimTemplates ?? []) {
    const name = (vct as { metadata?: { name?: string } }).metadata?.name;
    if (name) op.emit({ type: 'deleteResource', apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: `${op.name}-${name}` });
  }
}

/** spec.podDisruptionBudget: a PodDisruptionBudget over the workflow's pods while it runs, as Argo's createPDBResource. */
function createPDB(op: Operation): void {
  const pdb = op.spec.podDisruptionBudget;
  if (!pdb) return;
  op.emit({
    type: 'createResource',
    object: {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: {
        name: op.name, namespace: op.wf.metadata.namespace, labels: { [Labels.workflow]: op.name },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: op.name, uid: op.wf.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...pdb, selector: { matchLabels: { [Labels.workflow]: op.name } } },
    } as never,
  });
}

function createPVCs(op: Operation): void {
  for (const vct of op.spec.volumeClaimTemplates ?? []) {
    const v = vct as { metadata?: { name?: string; labels?: Record<string, string> }; spec?: unknown };
    if (!v.metadata?.name) continue;
    op.emit({
      type: 'createResource',
      object: {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: {
          ...v.metadata, name: `${op.name}-${v.metadata.name}`, namespace: op.wf.metadata.namespace,
          ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: op.name, uid: op.wf.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        spec: v.spec,
      } as never,
    });
  }
}

function run(op: Operation, status: WorkflowStatus): void {
  const reason = stopReason(op);
  // Stopping fails what runs and (pod-node.ts) fails what would start; only the exit handler may still run.
  op.stopping = reason;
  if (reason) stopAll(op, reason);
  const entry = op.spec.entrypoint;
  if (!entry) {
    finish(op, status, 'Error', 'spec.entrypoint is required');
    return;
  }
  const root = executeTemplate(op, {
    nodeName: op.name, displayName: op.name, caller: { template: entry }, args: op.spec.arguments, scope: op.rootScope,
  });
  const rootNow = root ? op.byId(root.id) : undefined;
  const hooksDone = runExpressionHooks(op, { name: op.name, node: undefined, hooks: op.spec.hooks, lookup: op.globals, scope: op.rootScope });
  if (!rootNow || !isFulfilled(rootNow.phase) || !hooksDone) return;
  let phase = workflowPhase(rootNow);
  let message = rootNow.message;
  if ((op.spec.onExit || op.spec.hooks?.['exit']) && op.spec.shutdown !== 'Terminate') {
    op.stopping = undefined;
    op.extraGlobals['workflow.status'] = phase;
    op.extraGlobals['workflow.failures'] = failures(op);
    const exit = runExitHandler(op, { name: op.name, node: undefined, hooks: op.spec.hooks, lookup: op.globals, scope: op.rootScope }, op.spec.onExit);
    if (!exit || !isFulfilled(exit.phase)) return;
    if ((exit.phase === 'Failed' || exit.phase === 'Error') && phase === 'Succeeded') {
      phase = 'Failed';
      message = exit.message;
    }
  }
  finish(op, status, phase, message);
}

/** Pure: the input is never modified; untouched nodes are shared with the result. */
export function operate(workflow: Workflow, pods: V1Pod[], now: Date, config: OperatorConfig, ctx: OperateContext): OperateResult {
  return operateWith(workflow, pods, now, config, ctx, false);
}

/**
 * The same reconcile without copying the node map (O(changed) instead of
 * O(nodes) per call): `workflow.status.nodes` and its nodes are modified and
 * become the result's. For a caller that owns the status it passes in (the
 * kube layer passing back the status it last wrote); never for a shared
 * informer cache object.
 */
export function operateInPlace(workflow: Workflow, pods: V1Pod[], now: Date, config: OperatorConfig, ctx: OperateContext): OperateResult {
  return operateWith(workflow, pods, now, config, ctx, true);
}

function start(op: Operation, status: WorkflowStatus, pods: V1Pod[], config: OperatorConfig): void {
  if (!status.phase) {
    status.phase = 'Running';
    status.startedAt = op.nowIso;
    createPDB(op);
    createPVCs(op);
  }
  loadMemo(op);
  observePods(op, pods);
  // Before the templates run, so that a node finished by its pod frees its lock for the nodes waiting behind it.
  releaseFinished(op);
  if (op.spec.parallelism !== undefined || config.parallelism !== undefined) {
    // A node waiting for a lock has no pod yet.
    for (const n of Object.values(op.nodes)) if (n.type === 'Pod' && !isFulfilled(n.phase) && !n.synchronizationStatus?.waiting) op.activePods++;
  }
  run(op, status);
  saveMemo(op);
}

function operateWith(workflow: Workflow, pods: V1Pod[], now: Date, config: OperatorConfig, ctx: OperateContext, inPlace: boolean): OperateResult {
  const prev = workflow.status ?? {};
  if (isWorkflowCompleted(prev.phase ?? '')) return withPodGC(ttlResult(workflow, now), finishedPodGC(workflow, pods, now, config, ctx));
  const op = new Operation(workflow, now, config, ctx, inPlace);
  op.kinds = KINDS;
  const status: WorkflowStatus = { ...prev };
  let meta: WorkflowMeta | undefined;
  try {
    const spec = config.workflowDefaults ? mergeUnder(config.workflowDefaults, workflow.spec) : workflow.spec;
    const eff = effectiveSpec(spec, ctx);
    op.spec = eff.spec;
    op.rootScope = eff.scope;
    op.globals = globalLookup(op, eff.spec, workflowParameters(op, eff.spec));
    meta = workflowMetadata(op, eff.spec);
    const gate = workflowLocks(op, status);
    if (gate === 'run') start(op, status, pods, config);
    else if (gate !== 'wait') finish(op, status, gate.phase, gate.message);
  } catch (e) {
    const err = e as Error & { code?: string; transient?: boolean };
    if (err.transient) return { status: prev, actions: [], requeueAfterMs: 10_000 };
    finish(op, status, 'Error', err.message);
  }
  const locks = settleLocks(op, status);
  emitMetrics(op, prev.phase, status);
  status.nodes = op.nodes;
  status.progress = progress(op);
  if (op.globalsChanged) status.outputs = op.globalOutputs;
  const completed = isWorkflowCompleted(status.phase ?? '');
  updateResourcesDuration(op, status, completed);
  status.nodes = op.nodes;
  const result: OperateResult = {
    status,
    labels: { ...meta?.labels, [Labels.phase]: status.phase ?? 'Running', [Labels.completed]: String(completed) },
    actions: op.actions,
  };
  if (meta && Object.keys(meta.annotations).length) result.annotations = meta.annotations;
  if (locks) result.locks = locks;
  if (op.requeueAfterMs !== undefined && !completed) result.requeueAfterMs = op.requeueAfterMs;
  if (completed) {
    const ttl = ttlResult({ ...workflow, status }, now);
    if (ttl.requeueAfterMs !== undefined) result.requeueAfterMs = ttl.requeueAfterMs;
    result.actions.push(...ttl.actions);
  }
  const gc = podGC(op.spec, config, { all: pods, finished: op.finishedPods }, status.nodes, { phase: status.phase ?? 'Running', ...(status.finishedAt ? { finishedAt: status.finishedAt } : {}) }, now);
  // Said once, when the workflow starts: every later operate would repeat it.
  if (gc.error && !prev.phase) result.actions.push({ type: 'event', eventType: 'Warning', reason: 'PodGCInvalid', message: `${gc.error}; no pod is deleted` });
  return withPodGC(result, gc);
}

/** Deletions go last (types.ts); the earliest of the requeue times wins. */
function withPodGC(result: OperateResult, gc: { actions: OperateResult['actions']; requeueAfterMs?: number }): OperateResult {
  if (!gc.actions.length && gc.requeueAfterMs === undefined) return result;
  const out: OperateResult = { ...result, actions: [...result.actions, ...gc.actions] };
  if (gc.requeueAfterMs !== undefined) out.requeueAfterMs = Math.min(result.requeueAfterMs ?? Infinity, Math.ceil(gc.requeueAfterMs));
  return out;
}

/** A finished workflow's pods may still wait for their GC delay; its spec (defaults, template ref) decides as it did while running. */
function finishedPodGC(workflow: Workflow, pods: V1Pod[], now: Date, config: OperatorConfig, ctx: OperateContext): ReturnType<typeof podGC> {
  if (!pods.length) return { actions: [] };
  const status = workflow.status ?? {};
  let spec: Workflow['spec'];
  try {
    const base = config.workflowDefaults ? mergeUnder(config.workflowDefaults, workflow.spec) : workflow.spec;
    spec = effectiveSpec(base, ctx).spec;
  } catch {
    spec = workflow.spec;
  }
  return podGC(spec, config, { all: pods, finished: [] }, status.nodes ?? {}, { phase: status.phase ?? '', ...(status.finishedAt ? { finishedAt: status.finishedAt } : {}) }, now);
}
