/**
 * `resourcesDuration`, Argo's indicative (not accurate) cost of a workflow:
 * for each container of a finished pod (init, wait and sidecars included), each
 * resource it requests (limits standing in for requests, as Kubernetes does;
 * 100m cpu and 100Mi memory when it sets none) times the seconds it ran, in
 * units of 1 for cpu and other resources, 100Mi for memory, 10Gi for storage.
 * Quantities round up to whole units first (so 100m cpu counts as 1 core);
 * the product divides down with integer truncation. Pod nodes keep their
 * pod's; any other fulfilled node and the workflow sum the Pod nodes below.
 */
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { isFulfilled } from '@argo-ts/spec';
import type { NodeStatus, WorkflowStatus } from './model.js';
import type { Operation } from './state.js';

export type ResourcesDuration = Record<string, number>;

const SCALE: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
// Divided rather than multiplied: 3000 * 0.001 is 3.0000000000000004, which would round up to 4.
const FRACTION: Record<string, number> = { n: 1e9, u: 1e6, m: 1e3 };
const QUANTITY = /^((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** A quantity rounded up to a whole number, as Kubernetes' Quantity.Value(); undefined when unreadable. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0 ? Math.ceil(q) : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  return Math.ceil(suffix in FRACTION ? n / FRACTION[suffix]! : n * SCALE[suffix]!);
}

const DENOMINATOR: Record<string, number> = { memory: 100 * 2 ** 20, storage: 10 * 2 ** 30, 'ephemeral-storage': 10 * 2 ** 30 };

const DEFAULTS: ResourcesDuration = { cpu: 1, memory: 100 * 2 ** 20 };

function requested(c: V1Container): ResourcesDuration {
  const out: ResourcesDuration = { ...DEFAULTS };
  for (const list of [c.resources?.limits, c.resources?.requests]) {
    for (const [name, q] of Object.entries(list ?? {})) {
      const v = quantityValue(q);
      if (v !== undefined) out[name] = v;
    }
  }
  return out;
}

function time(t: unknown): number {
  return t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN;
}

/** Whole seconds a terminated container ran; 0 while it runs or when it never started. */
function ranSeconds(s: V1ContainerStatus | undefined): number {
  const t = s?.state?.terminated;
  if (!t) return 0;
  const secs = (time(t.finishedAt) - time(t.startedAt)) / 1000;
  return Number.isFinite(secs) && secs > 0 ? Math.trunc(secs) : 0;
}

function add(into: ResourcesDuration, more: ResourcesDuration | undefined): void {
  for (const [k, v] of Object.entries(more ?? {})) into[k] = (into[k] ?? 0) + v;
}

function sorted(d: ResourcesDuration): ResourcesDuration {
  return Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The resources duration of one finished pod. */
export function podResourcesDuration(pod: V1Pod): ResourcesDuration {
  const statuses = new Map<string, V1ContainerStatus>();
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) statuses.set(s.name, s);
  const out: ResourcesDuration = {};
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const secs = ranSeconds(statuses.get(c.name));
    for (const [name, value] of Object.entries(requested(c))) {
      const per = DENOMINATOR[name] ?? 1;
      // BigInt: bytes times seconds passes 2^53 for large memory and long runs.
      add(out, { [name]: Number((BigInt(value) * BigInt(secs)) / BigInt(per)) });
    }
  }
  return sorted(out);
}

/** Sum over the Pod nodes reachable through children, each counted once. */
function descendantsDuration(nodes: Record<string, NodeStatus>, from: NodeStatus): ResourcesDuration {
  const out: ResourcesDuration = {};
  const seen = new Set<string>();
  const stack = [...(from.children ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = nodes[id];
    if (!n) continue;
    if (n.type === 'Pod') add(out, n.resourcesDuration);
    stack.push(...(n.children ?? []));
  }
  return sorted(out);
}

function setSum(op: Operation, node: NodeStatus): void {
  const sum = descendantsDuration(op.nodes, node);
  if (Object.keys(sum).length || node.resourcesDuration) op.mutable(node.id).resourcesDuration = sum;
}

/**
 * Brings parents and the workflow's total up to date. Argo recomputes every
 * parent over its whole subtree on each update, which is quadratic in a long
 * run of steps (each step group reaches all those after it): here a parent is
 * summed once, in the operation that fulfils it, over what it reaches then
 * (so a step's own exit handler, which runs after the step is fulfilled, is
 * left out of a template step's sum). The total grows by the pods each
 * operation finishes and is recounted over all Pod nodes when the workflow
 * finishes, so pods dropped or redone (retry, resubmit) leave no stale sum.
 */
export function updateResourcesDuration(op: Operation, status: WorkflowStatus, completed: boolean): void {
  const total: ResourcesDuration = completed ? {} : { ...status.resourcesDuration };
  let grew = false;
  for (const id of [...op.owned]) {
    const n = op.nodes[id];
    if (!n || !isFulfilled(n.phase) || isFulfilled(op.before.get(id))) continue;
    if (n.type !== 'Pod') setSum(op, n);
    else if (n.resourcesDuration && !completed) { add(total, n.resourcesDuration); grew = true; }
  }
  if (completed) {
    for (const n of Object.values(op.nodes)) if (n.type === 'Pod' && n.resourcesDuration) { add(total, n.resourcesDuration); grew = true; }
  }
  if (grew) status.resourcesDuration = sorted(total);
}
