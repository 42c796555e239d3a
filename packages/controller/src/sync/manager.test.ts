import { compressNodes } from '@argo-ts/spec';
import type { Workflow } from '../operator/model.js';
import type { LockRequest } from '../operator/types.js';
import { LockManager } from './manager.js';

const MUTEX = 'ns/Mutex/m';
const SEM = 'ns/ConfigMap/limits/k';

function setup(limit = 2) {
  const limits = { k: limit as number | undefined };
  const woken: string[] = [];
  const m = new LockManager({
    limit: () => (limits.k === undefined ? { error: 'ConfigMap ns/limits not found' } : limits.k),
    wake: (wf) => woken.push(wf),
  });
  return { m, limits, woken };
}

function req(holder: string, lock: string, o: Partial<LockRequest> = {}): LockRequest {
  return { holder, locks: [{ key: lock, kind: lock.includes('/Mutex/') ? 'Mutex' : 'Semaphore' }], priority: 0, created: 0, ...o };
}

/** One operate: ask in a session, commit what was granted. */
function ask(m: LockManager, r: LockRequest) {
  const d = m.session().tryAcquire(r);
  if (d.acquired) m.apply([{ type: 'acquire', holder: r.holder, locks: r.locks.map((l) => l.key) }]);
  return d;
}

describe('LockManager', () => {
  it('grants a mutex once; within one session a second holder sees the first grant', () => {
    const { m } = setup();
    const s = m.session();
    expect(s.tryAcquire(req('ns/a', MUTEX))).toEqual({ acquired: true });
    expect(s.tryAcquire(req('ns/b', MUTEX))).toEqual({ acquired: false, lock: MUTEX, message: `Waiting for ${MUTEX} lock. Lock status: 0/1` });
    // Nothing is committed by the session alone.
    expect(m.holdersOf(MUTEX)).toEqual([]);
    expect(s.holders(MUTEX)).toEqual(['ns/a']);
  });

  it('a holder asking again is told it holds the lock', () => {
    const { m } = setup();
    ask(m, req('ns/a', MUTEX));
    expect(ask(m, req('ns/a', MUTEX))).toEqual({ acquired: true });
    expect(m.holdersOf(MUTEX)).toEqual(['ns/a']);
  });

  it('queues by priority, then creation time, then arrival', () => {
    const { m, woken } = setup();
    ask(m, req('ns/holder', MUTEX));
    ask(m, req('ns/c', MUTEX, { created: 30 }));
    ask(m, req('ns/a', MUTEX, { created: 10 }));
    ask(m, req('ns/p', MUTEX, { created: 50, priority: 3 }));
    ask(m, req('ns/b', MUTEX, { created: 10 }));
    expect(m.waitersOf(MUTEX)).toEqual(['ns/p', 'ns/a', 'ns/b', 'ns/c']);
    m.apply([{ type: 'release', holder: 'ns/holder', locks: [MUTEX] }]);
    expect(woken).toEqual(['ns/p']);
    // Only the front may take it.
    expect(ask(m, req('ns/a', MUTEX, { created: 10 })).acquired).toBe(false);
    expect(ask(m, req('ns/p', MUTEX, { created: 50, priority: 3 })).acquired).toBe(true);
    expect(m.waitersOf(MUTEX)).toEqual(['ns/a', 'ns/b', 'ns/c']);
  });

  it('a semaphore admits up to its limit and reports free/limit', () => {
    const { m } = setup(2);
    expect(ask(m, req('ns/a', SEM)).acquired).toBe(true);
    expect(ask(m, req('ns/b', SEM)).acquired).toBe(true);
    expect(ask(m, req('ns/c', SEM))).toEqual({ acquired: false, lock: SEM, message: `Waiting for ${SEM} lock. Lock status: 0/2` });
  });

  it('nodes of the workflow at the front may go in any order', () => {
    const { m } = setup(2);
    const s = m.session();
    expect(s.tryAcquire(req('ns/w/n1', SEM)).acquired).toBe(true);
    expect(s.tryAcquire(req('ns/w/n2', SEM)).acquired).toBe(true);
    expect(s.tryAcquire(req('ns/w/n3', SEM)).acquired).toBe(false);
  });

  it('a holder must get every lock of its request or none', () => {
    const { m } = setup(1);
    ask(m, req('ns/a', SEM));
    const both: LockRequest = { holder: 'ns/b', locks: [{ key: MUTEX, kind: 'Mutex' }, { key: SEM, kind: 'Semaphore' }], priority: 0, created: 0 };
    expect(ask(m, both)).toEqual({ acquired: false, lock: SEM, message: `Waiting for ${SEM} lock. Lock status: 0/1` });
    expect(m.holdersOf(MUTEX)).toEqual([]);
  });

  it('a raised limit wakes as many waiters as there is new room; a lowered one admits nobody until holders drain', () => {
    const { m, limits, woken } = setup(1);
    ask(m, req('ns/a', SEM));
    ask(m, req('ns/b', SEM));
    ask(m, req('ns/c', SEM));
    ask(m, req('ns/d', SEM));
    limits.k = 3;
    m.configMapChanged('ns', 'limits');
    expect(woken).toEqual(['ns/b', 'ns/c']);
    expect(ask(m, req('ns/b', SEM)).acquired).toBe(true);
    expect(ask(m, req('ns/c', SEM)).acquired).toBe(true);
    limits.k = 1;
    m.apply([{ type: 'release', holder: 'ns/a', locks: [SEM] }]);
    expect(ask(m, req('ns/d', SEM))).toEqual({ acquired: false, lock: SEM, message: `Waiting for ${SEM} lock. Lock status: 0/1` });
  });

  it('a semaphore whose limit cannot be read refuses with the reason', () => {
    const { m, limits } = setup();
    limits.k = undefined;
    expect(ask(m, req('ns/a', SEM))).toEqual({ acquired: false, lock: SEM, error: `failed to initialize semaphore ${SEM} with limit: ConfigMap ns/limits not found` });
  });

  it('deleting a workflow releases what it and its nodes held and takes them out of every line', () => {
    const { m, woken } = setup(1);
    ask(m, req('ns/w/n1', MUTEX));
    ask(m, req('ns/w', SEM));
    ask(m, req('ns/x', MUTEX));
    ask(m, req('ns/w/n2', MUTEX));
    m.releaseWorkflow('ns/w');
    expect(m.holdersOf(MUTEX)).toEqual([]);
    expect(m.waitersOf(MUTEX)).toEqual(['ns/x']);
    expect(woken).toEqual(['ns/x']);
    expect(m.heldBy('ns/w')).toEqual([]);
    // A workflow whose name merely starts the same is someone else.
    ask(m, req('ns/ww', SEM));
    m.releaseWorkflow('ns/w');
    expect(m.holdersOf(SEM)).toEqual(['ns/ww']);
  });

  it('after a restart, holders and waiters recorded in statuses are restored before anyone acquires', () => {
    const { m } = setup(1);
    const wf = (name: string, phase: string, status: Workflow['status'], created = '2026-01-01T00:00:00Z', priority = 0): Workflow =>
      ({ metadata: { name, namespace: 'ns', creationTimestamp: created }, spec: { priority }, status: { phase, ...status } }) as Workflow;
    m.rebuild([
      wf('a', 'Running', { synchronization: { mutex: { holding: [{ mutex: MUTEX, holder: 'ns/a' }] } } }),
      wf('b', 'Running', {
        synchronization: { semaphore: { holding: [{ semaphore: SEM, holders: ['ns/b/n1'] }] } },
        nodes: { n2: { id: 'n2', name: 'b.n2', type: 'Pod', phase: 'Pending', synchronizationStatus: { waiting: MUTEX } } },
      }, '2026-01-01T00:00:05Z'),
      wf('c', 'Pending', { synchronization: { mutex: { waiting: [{ mutex: MUTEX, holder: 'ns/a' }] } } }, '2026-01-01T00:00:02Z'),
      wf('old', 'Succeeded', { synchronization: { mutex: { holding: [{ mutex: 'ns/Mutex/other', holder: 'ns/old' }] } } }),
    ]);
    expect(m.holdersOf(MUTEX)).toEqual(['ns/a']);
    expect(m.holdersOf(SEM)).toEqual(['ns/b/n1']);
    expect(m.holdersOf('ns/Mutex/other')).toEqual([]);
    expect(m.waitersOf(MUTEX)).toEqual(['ns/c', 'ns/b/n2']);
    expect(ask(m, req('ns/new', MUTEX)).acquired).toBe(false);
    expect(ask(m, req('ns/new', SEM)).acquired).toBe(false);
    expect(m.heldBy('ns/b')).toEqual([{ holder: 'ns/b/n1', lock: SEM }]);
  });

  it('rebuilds waiters from a node map stored compressed (a large workflow)', () => {
    const { m } = setup(1);
    const nodes = { n2: { id: 'n2', name: 'b.n2', displayName: 'n2', type: 'Pod', phase: 'Pending', synchronizationStatus: { waiting: MUTEX } } };
    m.rebuild([
      { metadata: { name: 'b', namespace: 'ns' }, spec: {}, status: { phase: 'Running', compressedNodes: compressNodes(nodes) } } as Workflow,
      { metadata: { name: 'bad', namespace: 'ns' }, spec: {}, status: { phase: 'Running', compressedNodes: 'not gzip' } } as Workflow,
    ]);
    expect(m.waitersOf(MUTEX)).toEqual(['ns/b/n2']);
  });

  it('forgets a lock nobody holds or waits for', () => {
    const { m } = setup();
    ask(m, req('ns/a', MUTEX));
    m.apply([{ type: 'release', holder: 'ns/a', locks: [MUTEX] }]);
    expect(m.snapshot()).toEqual([]);
  });
});
