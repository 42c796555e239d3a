/**
 * The controller's mutexes and semaphores: who holds each lock and who waits
 * for it, in memory, rebuilt from every workflow's status.synchronization
 * before the first reconcile. The operator only reads it through a session
 * (LockView) and returns intents; `apply` commits them. The reconciler calls
 * operate and apply with no await in between, so two workflows operated by
 * different workers can never both be granted the last slot.
 */
import { hydrateWorkflow, isFulfilled, isWorkflowCompleted } from '@argo-ts/spec';
import type { Workflow } from '../operator/model.js';
import { parseLockKey, workflowOfHolder, type Limit, type LockKind, type LockName } from '../operator/sync-keys.js';
import type { LockDecision, LockIntent, LockRequest, LockView } from '../operator/types.js';
import { WaitQueue } from './queue.js';

export interface LockManagerOptions {
  /** A semaphore's limit, read on every decision (so a changed ConfigMap takes effect at once). */
  limit: (lock: LockName) => Limit;
  /** Operate this workflow (`ns/name`) again: a lock it waits for may have room. */
  wake?: (workflow: string) => void;
  log?: (message: string) => void;
}

interface LockState { kind: LockKind; holders: Set<string>; waiting: WaitQueue }


/** Grants and releases made earlier in the same operate, on top of the manager's state. */
export interface Overlay {
  holders(lock: string): string[];
  grant(lock: string, holder: string): void;
}

export class LockManager {
  private readonly locks = new Map<string, LockState>();
  /** Workflow → `holder\nlock` pairs it holds, so heldBy costs what the workflow holds. */
  private readonly byWorkflow = new Map<string, Set<string>>();

  constructor(private readonly opts: LockManagerOptions) {}

  /** A view for one operate; nothing it grants is committed until `apply`. */
  session(): LockView {
    return new LockSession(this);
  }

  limitOf(key: string): Limit {
    const name = parseLockKey(key);
    if (!name) return { error: `'${key}' is not a lock name` };
    return name.kind === 'Mutex' ? 1 : this.opts.limit(name);
  }

  holdersOf(key: string): string[] {
    return [...(this.locks.get(key)?.holders ?? [])];
  }

  waitersOf(key: string): string[] {
    return (this.locks.get(key)?.waiting.list() ?? []).map((w) => w.holder);
  }

  /** Locks held by the workflow `ns/name` or any of its nodes. */
  heldBy(workflow: string): { holder: string; lock: string }[] {
    return [...(this.byWorkflow.get(workflow) ?? [])].map((pair) => {
      const [holder, lock] = pair.split('\n') as [string, string];
      return { holder, lock };
    });
  }

  /** Every lock in use, for metrics and debugging. */
  snapshot(): { lock: string; holders: string[]; waiting: string[] }[] {
    return [...this.locks].map(([lock, s]) => ({ lock, holders: [...s.holders], waiting: s.waiting.list().map((w) => w.holder) }));
  }

  decide(req: LockRequest, ov: Overlay): LockDecision {
    const wf = workflowOfHolder(req.holder);
    for (const l of req.locks) {
      if (!ov.holders(l.key).includes(req.holder)) this.state(l.key, l.kind).waiting.add(req.holder, req.priority, req.created);
    }
    let failed: { lock: string; message: string } | undefined;
    for (const l of req.locks) {
      const holders = ov.holders(l.key);
      if (holders.includes(req.holder)) continue;
      const limit = this.limitOf(l.key);
      if (typeof limit !== 'number') {
        const what = l.kind === 'Mutex' ? 'mutex' : 'semaphore';
        return { acquired: false, lock: l.key, error: `failed to initialize ${what} ${l.key} with limit: ${limit.error}` };
      }
      const front = this.state(l.key, l.kind).waiting.front();
      // Nodes of one workflow share its priority and creation time, so any of them may go when one is first.
      const first = !front || workflowOfHolder(front.holder) === wf;
      const room = holders.length < limit;
      if (first && room) continue;
      if (!first && room && front) this.opts.wake?.(workflowOfHolder(front.holder));
      failed ??= { lock: l.key, message: `Waiting for ${l.key} lock. Lock status: ${Math.max(0, limit - holders.length)}/${limit}` };
    }
    if (failed) return { acquired: false, ...failed };
    for (const l of req.locks) ov.grant(l.key, req.holder);
    return { acquired: true };
  }

  /** Commits an operate's intents; freed room wakes the next waiters. */
  apply(intents: readonly LockIntent[]): void {
    const touched = new Set<string>();
    for (const it of intents) {
      for (const key of it.locks) {
        if (it.type === 'acquire') {
          const kind = parseLockKey(key)?.kind;
          if (!kind) continue;
          const s = this.state(key, kind);
          this.hold(key, s, it.holder);
          s.waiting.remove(it.holder);
          touched.add(key);
          continue;
        }
        const s = this.locks.get(key);
        if (!s) continue;
        if (this.unhold(key, s, it.holder) || s.waiting.remove(it.holder)) touched.add(key);
      }
    }
    for (const key of touched) this.settle(key);
  }

  /** The workflow was deleted or completed: everything it and its nodes held or waited for goes. */
  releaseWorkflow(workflow: string): void {
    const mine = (h: string): boolean => h === workflow || h.startsWith(`${workflow}/`);
    for (const [key, s] of [...this.locks]) {
      let changed = s.waiting.removeWhere(mine) > 0;
      for (const h of [...s.holders]) if (mine(h)) changed = this.unhold(key, s, h) || changed;
      if (changed) this.settle(key);
    }
  }

  /** A semaphore's ConfigMap changed: its limit may have grown. */
  configMapChanged(namespace: string, name: string): void {
    for (const key of [...this.locks.keys()]) {
      const l = parseLockKey(key);
      if (l?.kind === 'Semaphore' && l.namespace === namespace && l.name === name) this.settle(key);
    }
  }

  /**
   * Restores holders and waiters from the workflows' statuses (a restarted
   * controller) before anything acquires. Recorded holders are restored even
   * beyond a limit that has since shrunk: they already run.
   */
  rebuild(workflows: Iterable<Workflow>): void {
    for (const wf of workflows) {
      if (!wf.status || isWorkflowCompleted(wf.status.phase ?? '')) continue;
      const key = `${wf.metadata.namespace ?? 'default'}/${wf.metadata.name ?? ''}`;
      // Waiting nodes are in the node map, which a large workflow stores compressed.
      let status = wf.status;
      try {
        status = hydrateWorkflow(wf).status!;
      } catch (e) {
        this.opts.log?.(`synchronization: ${key}: ${(e as Error).message}`);
      }
      const sync = status.synchronization;
      for (const h of sync?.mutex?.holding ?? []) if (h.mutex && h.holder) this.restore(h.mutex, h.holder);
      for (const h of sync?.semaphore?.holding ?? []) for (const holder of h.holders ?? []) if (h.semaphore) this.restore(h.semaphore, holder);
      const priority = wf.spec.priority ?? 0;
      const created = Date.parse(wf.metadata.creationTimestamp ?? '') || 0;
      const queue = (lock: string | undefined, holder: string): void => {
        const kind = lock ? parseLockKey(lock)?.kind : undefined;
        if (lock && kind && !this.locks.get(lock)?.holders.has(holder)) this.state(lock, kind).waiting.add(holder, priority, created);
      };
      if (status.phase === 'Pending') {
        for (const w of sync?.mutex?.waiting ?? []) queue(w.mutex, key);
        for (const w of sync?.semaphore?.waiting ?? []) queue(w.semaphore, key);
      }
      for (const n of Object.values(status.nodes ?? {})) {
        if (n.synchronizationStatus?.waiting && !isFulfilled(n.phase)) queue(n.synchronizationStatus.waiting, `${key}/${n.id}`);
      }
    }
  }

  private restore(lock: string, holder: string): void {
    const kind = parseLockKey(lock)?.kind;
    if (!kind) {
      this.opts.log?.(`synchronization: ignoring recorded holder ${holder} of unknown lock ${lock}`);
      return;
    }
    this.hold(lock, this.state(lock, kind), holder);
  }

  private state(key: string, kind: LockKind): LockState {
    let s = this.locks.get(key);
    if (!s) this.locks.set(key, (s = { kind, holders: new Set(), waiting: new WaitQueue() }));
    return s;
  }

  private hold(key: string, s: LockState, holder: string): void {
    s.holders.add(holder);
    add(this.byWorkflow, workflowOfHolder(holder), `${holder}\n${key}`);
  }

  private unhold(key: string, s: LockState, holder: string): boolean {
    if (!s.holders.delete(holder)) return false;
    const wf = workflowOfHolder(holder);
    const set = this.byWorkflow.get(wf);
    set?.delete(`${holder}\n${key}`);
    if (set && !set.size) this.byWorkflow.delete(wf);
    return true;
  }

  /** Wakes as many distinct waiting workflows as there is room for; forgets a lock nobody uses. */
  private settle(key: string): void {
    const s = this.locks.get(key);
    if (!s) return;
    if (!s.holders.size && !s.waiting.length) {
      this.locks.delete(key);
      return;
    }
    const limit = this.limitOf(key);
    let room = typeof limit === 'number' ? limit - s.holders.size : 0;
    const woken = new Set<string>();
    for (const w of s.waiting.list()) {
      if (room <= 0) break;
      room--;
      const wf = workflowOfHolder(w.holder);
      if (woken.has(wf)) continue;
      woken.add(wf);
      this.opts.wake?.(wf);
    }
  }
}

class LockSession implements LockView, Overlay {
  private readonly added = new Map<string, Set<string>>();
  private readonly removed = new Map<string, Set<string>>();

  constructor(private readonly m: LockManager) {}

  tryAcquire(req: LockRequest): LockDecision {
    return this.m.decide(req, this);
  }

  grant(lock: string, holder: string): void {
    this.removed.get(lock)?.delete(holder);
    add(this.added, lock, holder);
  }

  release(holder: string, locks: string[]): void {
    for (const lock of locks) {
      this.added.get(lock)?.delete(holder);
      add(this.removed, lock, holder);
    }
  }

  holders(lock: string): string[] {
    const gone = this.removed.get(lock);
    const out = this.m.holdersOf(lock).filter((h) => !gone?.has(h));
    for (const h of this.added.get(lock) ?? []) if (!out.includes(h)) out.push(h);
    return out;
  }

  heldBy(workflow: string): { holder: string; lock: string }[] {
    const out = this.m.heldBy(workflow).filter((x) => !this.removed.get(x.lock)?.has(x.holder));
    for (const [lock, hs] of this.added) {
      for (const holder of hs) {
        if ((holder === workflow || holder.startsWith(`${workflow}/`)) && !out.some((x) => x.lock === lock && x.holder === holder)) out.push({ holder, lock });
      }
    }
    return out;
  }
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}
