/**
 * Pod GC (`spec.podGC`, or the controller's default): which pods of
 * fulfilled nodes are deleted, when, and which are only labelled completed.
 *
 * Argo decides per pod, from the strategy, the label selector, the pod's
 * phase and the workflow's: a pod the selector does not match, or that the
 * strategy will never delete, is labelled `completed=true`; one to delete is
 * deleted `deleteDelayDuration` (default 5s) after its node finished
 * (OnPod*) or the workflow did (OnWorkflow*). The operator is pure, so
 * "after" is a requeue: an operate looks at the pods that still exist and
 * deletes those whose time has come. A deleted pod leaves the pod list, which
 * is what makes this idempotent; it also runs for finished workflows, whose
 * pods may still be waiting for their delay.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { Annotations, Labels, isFulfilled, isWorkflowCompleted } from '@argo-ts/spec';
import { durationSeconds } from '@argo-ts/lang';
import type { NodeStatus, WorkflowSpec } from './model.js';
import type { Action, OperatorConfig, PodGCConfig } from './types.js';

export const DEFAULT_DELETE_DELAY_SECONDS = 5;

type LabelSelector = NonNullable<PodGCConfig['labelSelector']>;
type Matcher = (labels: Record<string, string>) => boolean;

export class PodGCError extends Error {
  readonly code = 'InvalidPodGC' as const;
  readonly transient = false;
}

/** A Kubernetes label selector as a predicate; errors name the field. */
export function labelMatcher(sel: LabelSelector | undefined, where = 'spec.podGC.labelSelector'): Matcher {
  if (!sel) return () => true;
  const checks: Matcher[] = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => (l) => l[k] === v);
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const values = e.values ?? [];
    const at = `${where}.matchExpressions[${i}]`;
    switch (e.operator) {
      case 'In': checks.push((l) => e.key in l && values.includes(l[e.key]!)); break;
      case 'NotIn': checks.push((l) => !(e.key in l) || !values.includes(l[e.key]!)); break;
      case 'Exists': checks.push((l) => e.key in l); break;
      case 'DoesNotExist': checks.push((l) => !(e.key in l)); break;
      default: throw new PodGCError(`${at}.operator: expected one of In, NotIn, Exists, DoesNotExist, got '${e.operator}'`);
    }
    if ((e.operator === 'In' || e.operator === 'NotIn') && !values.length) throw new PodGCError(`${at}.values: expected at least one value for operator ${e.operator}`);
  });
  return (labels) => checks.every((c) => c(labels));
}

export interface PodGCPolicy {
  strategy: string;
  matches: Matcher;
  delayMs: number;
  /** What the decisions depend on besides the pod (strategy and selector). */
  key: string;
}

/** The workflow's podGC over the controller's default; the delay falls back to the controller setting, then 5s. */
export function podGCPolicy(spec: WorkflowSpec | undefined, config: OperatorConfig): PodGCPolicy {
  const gc: PodGCConfig = spec?.podGC ?? config.podGC ?? {};
  const delay = gc.deleteDelayDuration ?? config.podGCDeleteDelayDuration;
  const seconds = delay === undefined || delay === '' ? DEFAULT_DELETE_DELAY_SECONDS : durationSeconds(delay);
  if (seconds === undefined) throw new PodGCError(`spec.podGC.deleteDelayDuration: expected a duration such as 30s or 1m, got '${delay}'`);
  const strategy = gc.strategy ?? '';
  return { strategy, matches: labelMatcher(gc.labelSelector), delayMs: seconds * 1000, key: `${strategy}\0${JSON.stringify(gc.labelSelector ?? null)}` };
}

type Decision = 'delete' | 'label' | undefined;

function decide(p: PodGCPolicy, pod: V1Pod, workflowPhase: string): Decision {
  const done = isWorkflowCompleted(workflowPhase);
  if (!p.matches(pod.metadata?.labels ?? {})) return 'label';
  switch (p.strategy) {
    case 'OnPodCompletion': return 'delete';
    case 'OnPodSuccess': return pod.status?.phase === 'Succeeded' ? 'delete' : pod.status?.phase === 'Failed' || done ? 'label' : undefined;
    case 'OnWorkflowCompletion': return done ? 'delete' : undefined;
    case 'OnWorkflowSuccess': return workflowPhase === 'Succeeded' ? 'delete' : done ? 'label' : undefined;
    default: return 'label';
  }
}

export interface PodGCResult { actions: Action[]; requeueAfterMs?: number }

/**
 * Pod objects known to need nothing from GC, with the policy and workflow
 * phase that decided it: the decision is a function of those and the pod
 * object (informer objects are replaced, never modified), so a finished pod
 * costs one lookup per operate instead of a decision. Fulfilled nodes never
 * become unfulfilled while their pod stays.
 */
const quiet = new WeakMap<V1Pod, string>();

/**
 * The GC actions for `pods` given the nodes after this operate: deletions
 * that are due, labels not yet set, and when to look again for the rest.
 */
export function collectPods(
  p: PodGCPolicy, pods: readonly V1Pod[], nodes: Record<string, NodeStatus>,
  workflow: { phase: string; finishedAt?: string }, now: Date,
): PodGCResult {
  const out: PodGCResult = { actions: [] };
  const nowMs = now.getTime();
  const onWorkflow = p.strategy === 'OnWorkflowCompletion' || p.strategy === 'OnWorkflowSuccess';
  const quietKey = `${p.key}\0${isWorkflowCompleted(workflow.phase) ? workflow.phase : ''}`;
  for (const pod of pods) {
    if (quiet.get(pod) === quietKey) continue;
    if (pod.metadata?.deletionTimestamp) continue;
    const id = pod.metadata?.annotations?.[Annotations.nodeId];
    const node = id ? nodes[id] : undefined;
    if (!node || !isFulfilled(node.phase)) continue;
    const name = pod.metadata?.name ?? '';
    const action = decide(p, pod, workflow.phase);
    if (action === undefined) {
      quiet.set(pod, quietKey);
    } else if (action === 'label') {
      if (pod.metadata?.labels?.[Labels.completed] !== 'true') out.actions.push({ type: 'annotatePod', name, annotations: {}, labels: { [Labels.completed]: 'true' } });
      else quiet.set(pod, quietKey);
    } else {
      const since = Date.parse((onWorkflow ? workflow.finishedAt : node.finishedAt) ?? '');
      const due = (Number.isNaN(since) ? nowMs : since) + p.delayMs;
      if (nowMs >= due) out.actions.push({ type: 'deletePod', name });
      else out.requeueAfterMs = Math.min(out.requeueAfterMs ?? Infinity, due - nowMs);
    }
  }
  return out;
}

/**
 * Which pods can need an action now. While the workflow runs, a pod's
 * decision is made when its node finishes and stays put, unless a deletion
 * waits for its delay (OnPod* strategies); only then, and once the workflow
 * is done, are all its pods looked at. Scanning every pod on every operate
 * would make a long chain cost the square of its length.
 */
function candidates(p: PodGCPolicy, pods: { all: readonly V1Pod[]; finished: readonly V1Pod[] }, workflowPhase: string): readonly V1Pod[] {
  if (isWorkflowCompleted(workflowPhase)) return pods.all;
  const delayed = p.delayMs > 0 && (p.strategy === 'OnPodCompletion' || p.strategy === 'OnPodSuccess');
  return delayed ? pods.all : pods.finished;
}

/** Pod GC for one operate; a podGC the operator cannot apply deletes nothing and says why in `error`. */
export function podGC(
  spec: WorkflowSpec | undefined, config: OperatorConfig, pods: { all: readonly V1Pod[]; finished: readonly V1Pod[] },
  nodes: Record<string, NodeStatus>, workflow: { phase: string; finishedAt?: string }, now: Date,
): PodGCResult & { error?: string } {
  let policy: PodGCPolicy;
  try {
    policy = podGCPolicy(spec, config);
  } catch (e) {
    if (e instanceof PodGCError) return { actions: [], error: e.message };
    throw e;
  }
  const scan = candidates(policy, pods, workflow.phase);
  return scan.length ? collectPods(policy, scan, nodes, workflow, now) : { actions: [] };
}
