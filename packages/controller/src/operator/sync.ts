/**
 * Mutexes and semaphores in the operator (Argo's `synchronization`). The
 * workflow-level block gates the whole workflow (it stays Pending with Argo's
 * "Waiting for <lock> lock. Lock status: <free>/<limit>" message); a
 * template-level block gates its node, which stays Pending with that message
 * and `synchronizationStatus.waiting` and starts nothing. The holder keeps a
 * template's locks across its retries and gives them back when its node is
 * fulfilled; the workflow's locks go when it completes. Decisions come from
 * `ctx.sync`; what changed is returned as intents (types.ts, LockView).
 */
import { isFulfilled, isWorkflowCompleted } from '@argo-ts/spec';
import type { NodePhase, NodeType } from '@argo-ts/spec';
import { LockManager } from '../sync/manager.js';
import type { KindRun } from './execute.js';
import type { NodeStatus, WorkflowStatus } from './model.js';
import type { Operation } from './state.js';
import { lockRefs, limitFromConfigMap, parseLockKey, type LockKind, type LockRef, type Synchronization } from './sync-keys.js';
import { templateKind } from './templates.js';
import type { LockIntent, LockRequest, LockView } from './types.js';
import { substituteDeep } from './vars.js';


/** The node a template would get, so a waiting node looks like the one that will run. */
const NODE_TYPES: Partial<Record<string, NodeType>> = {
  container: 'Pod', script: 'Pod', resource: 'Pod', data: 'Pod', containerSet: 'Pod',
  steps: 'Steps', dag: 'DAG', suspend: 'Suspend', http: 'HTTP', plugin: 'Plugin',
};

interface SyncState {
  view: LockView;
  intents: LockIntent[];
  /** Locks a holder of this workflow waits for in this operate. */
  waiting: Map<string, LockKind>;
}

const states = new WeakMap<Operation, SyncState>();

function workflowKey(op: Operation): string {
  return `${op.wf.metadata.namespace ?? 'default'}/${op.name}`;
}

function stateOf(op: Operation): SyncState {
  let s = states.get(op);
  if (!s) states.set(op, (s = { view: op.ctx.sync ?? localView(op), intents: [], waiting: new Map() }));
  return s;
}

/** Without the controller's manager (tests, one-off runs): locks among this workflow's own nodes, from its status. */
function localView(op: Operation): LockView {
  const ns = op.wf.metadata.namespace ?? 'default';
  const m = new LockManager({
    limit: (l) => (l.namespace === ns ? limitFromConfigMap(l, op.ctx.configMaps.get(l.name)) : { error: `ConfigMap ${l.namespace}/${l.name} is not readable here` }),
  });
  m.rebuild([op.wf]);
  return m.session();
}

function request(op: Operation, holder: string, locks: LockRef[]): LockRequest {
  return { holder, locks, priority: op.spec.priority ?? 0, created: Date.parse(op.wf.metadata.creationTimestamp ?? '') || 0 };
}

function refsOf(op: Operation, sync: Synchronization, where: string): LockRef[] {
  return lockRefs(substituteDeep(sync, op.globals, { runtime: op.runtime }), op.wf.metadata.namespace ?? 'default', where);
}

export type WorkflowGate = 'run' | 'wait' | { phase: 'Failed' | 'Succeeded'; message?: string };

/** Workflow-level locks: 'run' once held; 'wait' leaves the workflow Pending with the reason in status.message. */
export function workflowLocks(op: Operation, status: WorkflowStatus): WorkflowGate {
  const sync = op.spec.synchronization;
  if (!sync) return 'run';
  const s = stateOf(op);
  const holder = workflowKey(op);
  let refs: LockRef[];
  try {
    refs = refsOf(op, sync, 'spec.synchronization');
  } catch (e) {
    return { phase: 'Failed', message: `Failed to acquire the synchronization lock. ${(e as Error).message}` };
  }
  const d = s.view.tryAcquire(request(op, holder, refs));
  if (d.acquired) {
    s.intents.push({ type: 'acquire', holder, locks: refs.map((r) => r.key) });
    if (status.phase === 'Pending') {
      delete status.phase;
      delete status.message;
    }
    return 'run';
  }
  if (d.error !== undefined) return { phase: 'Failed', message: `Failed to acquire the synchronization lock. ${d.error}` };
  if (status.phase === 'Running') {
    // Started, so it was granted and has since given the lock back: it is finishing (its last status
    // write was lost to a conflict). Waiting in line again would stall it behind the next holder.
    s.intents.push({ type: 'release', holder, locks: refs.map((r) => r.key) });
    return 'run';
  }
  // Argo ends a terminated workflow that never got its lock as Succeeded, giving its place in line away.
  if (op.spec.shutdown === 'Terminate') return { phase: 'Succeeded' };
  for (const r of refs) s.waiting.set(r.key, r.kind);
  if (!status.phase) status.phase = 'Pending';
  status.message = d.message;
  return 'wait';
}

/** Gives back the locks of holders whose node is fulfilled (every holder once `all`); true if any went. */
export function releaseFinished(op: Operation, all = false): boolean {
  const wf = workflowKey(op);
  if (!states.has(op) && !op.wf.status?.synchronization && !op.ctx.sync?.heldBy(wf).length) return false;
  const s = stateOf(op);
  let any = false;
  for (const { holder, lock } of s.view.heldBy(wf)) {
    const node = holder === wf ? undefined : op.nodes[holder.slice(wf.length + 1)];
    if (!all && (holder === wf || (node && !isFulfilled(node.phase)))) continue;
    s.view.release(holder, [lock]);
    s.intents.push({ type: 'release', holder, locks: [lock] });
    any = true;
  }
  return any;
}

export type TemplateGate = { node: NodeStatus } | { error: Error } | undefined;
type Base = (op: Operation, run: KindRun, type: NodeType, phase: NodePhase) => Pick<NodeStatus, 'name' | 'displayName' | 'type' | 'phase'> & Partial<NodeStatus>;

/**
 * Template-level locks for the node of `run`: undefined once held (a node
 * that waited is dropped so that its handler starts it afresh); else the
 * waiting node, or the error that refuses it.
 */
export function templateLocks(op: Operation, run: KindRun, base: Base): TemplateGate {
  const sync = run.tmpl.synchronization;
  if (!sync || op.stopping) return undefined;
  const s = stateOf(op);
  const id = op.id(run.nodeName);
  const holder = `${workflowKey(op)}/${id}`;
  const name = run.resolved.templateName ?? run.resolved.tmpl.name ?? '';
  let refs: LockRef[];
  try {
    refs = refsOf(op, sync, `templates.${name}.synchronization`);
  } catch (e) {
    return { error: new Error(`Failed to acquire the synchronization lock. ${(e as Error).message}`) };
  }
  const d = s.view.tryAcquire(request(op, holder, refs));
  const existing = op.byId(id);
  if (d.acquired) {
    s.intents.push({ type: 'acquire', holder, locks: refs.map((r) => r.key) });
    if (existing?.synchronizationStatus?.waiting) op.forget(id);
    return undefined;
  }
  if (d.error !== undefined) return { error: new Error(`Failed to acquire the synchronization lock. ${d.error}`) };
  for (const r of refs) s.waiting.set(r.key, r.kind);
  if (!existing) {
    const type = NODE_TYPES[templateKind(run.resolved.tmpl) ?? ''] ?? 'Pod';
    return { node: op.create({ ...base(op, run, type, 'Pending'), id, message: d.message, synchronizationStatus: { waiting: d.lock } }) };
  }
  if (existing.message === d.message && existing.synchronizationStatus?.waiting === d.lock) return { node: existing };
  const n = op.mutable(id);
  n.message = d.message;
  n.synchronizationStatus = { waiting: d.lock };
  return { node: n };
}

/**
 * After the templates ran: gives back the locks of fulfilled holders (all of
 * them once the workflow completes), takes finished nodes out of the queues,
 * and writes status.synchronization. Returns the intents for the kube layer.
 */
export function settleLocks(op: Operation, status: WorkflowStatus): LockIntent[] | undefined {
  const wf = workflowKey(op);
  if (!states.has(op) && !op.wf.status?.synchronization && !op.ctx.sync?.heldBy(wf).length) return undefined;
  const s = stateOf(op);
  const completed = isWorkflowCompleted(status.phase ?? '');
  const release = (holder: string, locks: string[]): void => {
    s.view.release(holder, locks);
    s.intents.push({ type: 'release', holder, locks });
  };
  // A lock freed now may be what a node of this workflow waits for: look again.
  if (releaseFinished(op, completed) && s.waiting.size && !completed) op.requeue(0);
  // Nodes that stopped waiting without the lock (stopped, deadline): out of the queue, and no longer marked waiting.
  for (const id of op.owned) {
    const n = op.nodes[id];
    const lock = n?.synchronizationStatus?.waiting;
    if (!n || !lock || !(completed || isFulfilled(n.phase))) continue;
    release(`${wf}/${id}`, [lock]);
    delete op.mutable(id).synchronizationStatus;
  }
  if (completed) {
    // op.spec is unset when the spec itself could not be read.
    if (op.spec?.synchronization) release(wf, refsOrEmpty(op));
    delete status.synchronization;
  } else {
    const sync = statusOf(s, wf);
    if (sync) status.synchronization = sync;
    else delete status.synchronization;
  }
  return s.intents.length ? s.intents : undefined;
}

function refsOrEmpty(op: Operation): string[] {
  try {
    return refsOf(op, op.spec.synchronization!, 'spec.synchronization').map((r) => r.key);
  } catch {
    return [];
  }
}

type SyncStatus = NonNullable<WorkflowStatus['synchronization']>;

/** Argo's shape: mutex holding {mutex, holder}, waiting {mutex, holder: who has it}; semaphore holding/waiting {semaphore, holders}. */
function statusOf(s: SyncState, wf: string): SyncStatus | undefined {
  const mutexHolding: { mutex: string; holder: string }[] = [];
  const semHolding = new Map<string, string[]>();
  for (const { holder, lock } of s.view.heldBy(wf)) {
    if (parseLockKey(lock)?.kind === 'Mutex') mutexHolding.push({ mutex: lock, holder });
    else semHolding.set(lock, [...(semHolding.get(lock) ?? []), holder]);
  }
  const mutexWaiting: { mutex: string; holder: string }[] = [];
  const semWaiting: { semaphore: string; holders: string[] }[] = [];
  for (const [lock, kind] of s.waiting) {
    const holders = s.view.holders(lock);
    if (kind === 'Mutex') {
      if (holders[0]) mutexWaiting.push({ mutex: lock, holder: holders[0] });
    } else semWaiting.push({ semaphore: lock, holders });
  }
  const out: SyncStatus = {};
  if (mutexHolding.length || mutexWaiting.length) {
    out.mutex = {};
    if (mutexHolding.length) out.mutex.holding = mutexHolding;
    if (mutexWaiting.length) out.mutex.waiting = mutexWaiting;
  }
  if (semHolding.size || semWaiting.length) {
    out.semaphore = {};
    if (semHolding.size) out.semaphore.holding = [...semHolding].map(([semaphore, holders]) => ({ semaphore, holders }));
    if (semWaiting.length) out.semaphore.waiting = semWaiting;
  }
  return out.mutex || out.semaphore ? out : undefined;
}
