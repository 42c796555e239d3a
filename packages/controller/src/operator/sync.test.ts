import { parse } from 'yaml';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { LockManager } from '../sync/manager.js';
import type { Workflow } from './model.js';
import { limitFromConfigMap } from './sync-keys.js';
import { Simulator, emptyContext, type Script } from './testing/simulator.js';

/** Several workflows sharing one lock manager, as the controller runs them (operate, then apply its intents). */
class Locks {
  readonly configMaps = new Map<string, V1ConfigMap>();
  readonly woken: string[] = [];
  readonly manager = new LockManager({
    limit: (l) => limitFromConfigMap(l, this.configMaps.get(`${l.namespace}/${l.name}`)),
    wake: (wf) => this.woken.push(wf),
  });

  sim(yaml: string, name: string, script: Script = () => undefined, created = '2026-01-01T00:00:00Z'): Simulator {
    const w = parse(yaml) as Workflow;
    w.metadata = { name, namespace: 'argo', creationTimestamp: created };
    return new Simulator(w, script, undefined, emptyContext());
  }

  step(sim: Simulator) {
    sim.ctx.sync = this.manager.session();
    const r = sim.step();
    this.manager.apply(r.locks ?? []);
    return r;
  }

  /** Steps and settles until nothing changes (a real controller would be woken by the manager). */
  settle(sim: Simulator, max = 20): void {
    for (let i = 0; i < max; i++) {
      const r = this.step(sim);
      const changed = sim.settle();
      if (!changed && !r.actions.some((a) => a.type === 'createPod') && r.requeueAfterMs === undefined) return;
    }
  }
}

const WF_MUTEX = `
spec:
  entrypoint: main
  synchronization: {mutexes: [{name: test}]}
  templates:
  - name: main
    container: {image: busybox, command: [echo]}
`;

const done: Script = () => ({ exitCode: 0 });

describe('workflow-level synchronization', () => {
  it('runs one workflow at a time; the next waits Pending with Argo\'s message and starts when the lock frees', () => {
    const l = new Locks();
    const a = l.sim(WF_MUTEX, 'a', done);
    const b = l.sim(WF_MUTEX, 'b', done, '2026-01-01T00:00:01Z');
    const ra = l.step(a);
    expect(ra.status.phase).toBe('Running');
    expect(ra.status.synchronization).toEqual({ mutex: { holding: [{ mutex: 'argo/Mutex/test', holder: 'argo/a' }] } });
    expect(ra.locks).toEqual([{ type: 'acquire', holder: 'argo/a', locks: ['argo/Mutex/test'] }]);

    const rb = l.step(b);
    expect(rb.status.phase).toBe('Pending');
    expect(rb.status.message).toBe('Waiting for argo/Mutex/test lock. Lock status: 0/1');
    expect(rb.status.startedAt).toBeUndefined();
    expect(rb.status.synchronization).toEqual({ mutex: { waiting: [{ mutex: 'argo/Mutex/test', holder: 'argo/a' }] } });
    expect(rb.actions).toEqual([]);
    expect(rb.labels).toEqual({ 'workflows.argoproj.io/phase': 'Pending', 'workflows.argoproj.io/completed': 'false' });

    l.settle(a);
    expect(a.wf.status!.phase).toBe('Succeeded');
    expect(a.wf.status!.synchronization).toBeUndefined();
    expect(a.last!.locks).toContainEqual({ type: 'release', holder: 'argo/a', locks: ['argo/Mutex/test'] });
    expect(l.woken).toContain('argo/b');

    b.now = new Date('2026-01-01T00:01:00Z');
    const rb2 = l.step(b);
    expect(rb2.status.phase).toBe('Running');
    expect(rb2.status.message).toBeUndefined();
    expect(rb2.status.startedAt).toBe('2026-01-01T00:01:00Z');
    expect(rb2.actions.filter((x) => x.type === 'createPod')).toHaveLength(1);
  });

  it('a started workflow whose completion write was lost finishes even though the lock has moved on', () => {
    const l = new Locks();
    const a = l.sim(WF_MUTEX, 'a', done);
    l.step(a);
    const running = a.wf;
    l.settle(a);
    expect(a.wf.status!.phase).toBe('Succeeded');
    const b = l.sim(WF_MUTEX, 'b');
    expect(l.step(b).status.phase).toBe('Running');
    // The controller re-reads the last stored status (Running, holding) and operates again.
    a.wf = running;
    l.settle(a);
    expect(a.wf.status!.phase).toBe('Succeeded');
    expect(l.manager.holdersOf('argo/Mutex/test')).toEqual(['argo/b']);
    expect(l.manager.waitersOf('argo/Mutex/test')).toEqual([]);
  });

  it('hands a freed lock to the highest priority, then the earliest created', () => {
    const l = new Locks();
    const prio = (p: number) => WF_MUTEX.replace('entrypoint: main', `entrypoint: main\n  priority: ${p}`);
    const holder = l.sim(prio(0), 'holder', done);
    const early = l.sim(prio(0), 'early', done, '2026-01-01T00:00:01Z');
    const urgent = l.sim(prio(5), 'urgent', done, '2026-01-01T00:00:09Z');
    const late = l.sim(prio(0), 'late', done, '2026-01-01T00:00:05Z');
    l.step(holder);
    for (const s of [late, urgent, early]) expect(l.step(s).status.phase).toBe('Pending');
    expect(l.manager.waitersOf('argo/Mutex/test')).toEqual(['argo/urgent', 'argo/early', 'argo/late']);
    l.settle(holder);
    // The others ask before the one at the front: they keep waiting.
    expect(l.step(early).status.phase).toBe('Pending');
    expect(l.step(late).status.phase).toBe('Pending');
    expect(l.step(urgent).status.phase).toBe('Running');
    l.settle(urgent);
    expect(l.step(late).status.phase).toBe('Pending');
    expect(l.step(early).status.phase).toBe('Running');
  });

  it.each([
    ['a missing ConfigMap', {}, 'failed to initialize semaphore argo/ConfigMap/limits/wf with limit: ConfigMap argo/limits not found'],
    ['a missing key', { cm: { other: '1' } }, "failed to initialize semaphore argo/ConfigMap/limits/wf with limit: key 'wf' not found in ConfigMap argo/limits"],
    ['a non-integer limit', { cm: { wf: 'two' } }, "failed to initialize semaphore argo/ConfigMap/limits/wf with limit: ConfigMap argo/limits key 'wf' must be an integer, got 'two'"],
  ])('fails the workflow on %s', (_what, o: { cm?: Record<string, string> }, why) => {
    const l = new Locks();
    if (o.cm) l.configMaps.set('argo/limits', { data: o.cm });
    const w = l.sim(WF_MUTEX.replace('{mutexes: [{name: test}]}', '{semaphores: [{configMapKeyRef: {name: limits, key: wf}}]}'), 'w');
    const r = l.step(w);
    expect(r.status.phase).toBe('Failed');
    expect(r.status.message).toBe(`Failed to acquire the synchronization lock. ${why}`);
    expect(r.actions.filter((x) => x.type === 'createPod')).toEqual([]);
    expect(l.manager.waitersOf('argo/ConfigMap/limits/wf')).toEqual([]);
  });

  it('refuses database locks with the field that asks for them', () => {
    const l = new Locks();
    const r = l.step(l.sim(WF_MUTEX.replace('{name: test}', '{name: test, database: true}'), 'w'));
    expect(r.status.phase).toBe('Failed');
    expect(r.status.message).toBe('Failed to acquire the synchronization lock. spec.synchronization.mutexes[0].database: database locks are not supported; use a local mutex');
  });

  it('a terminated workflow that never got its lock leaves the line (Argo marks it Succeeded)', () => {
    const l = new Locks();
    l.step(l.sim(WF_MUTEX, 'a'));
    const b = l.sim(WF_MUTEX, 'b');
    l.step(b);
    b.wf = { ...b.wf, spec: { ...b.wf.spec, shutdown: 'Terminate' } };
    const r = l.step(b);
    expect(r.status.phase).toBe('Succeeded');
    expect(l.manager.waitersOf('argo/Mutex/test')).toEqual([]);
  });
});

const TMPL = (sync: string, items: string[], retry = '') => `
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: work
        template: work
        withItems: ${JSON.stringify(items)}
  - name: work
    synchronization: ${sync}
    ${retry}
    container: {image: busybox, command: [echo]}
`;

function podNodes(sim: Simulator) {
  return Object.values(sim.wf.status!.nodes!).filter((n) => n.type === 'Pod');
}

describe('template-level synchronization', () => {
  it('a node waiting for a mutex stays Pending without a pod; it starts afresh when the holder finishes', () => {
    const l = new Locks();
    let finish = false;
    const sim = l.sim(TMPL('{mutexes: [{name: m}]}', ['x', 'y']), 'w', () => (finish ? { exitCode: 0 } : undefined));
    const r = l.step(sim);
    expect(sim.created).toEqual([`w-work-${'' + sim.node('w[0].work(0:x)')!.id.split('-').pop()}`]);
    const [x, y] = [sim.node('w[0].work(0:x)')!, sim.node('w[0].work(1:y)')!];
    expect(x.phase).toBe('Pending');
    expect(x.synchronizationStatus).toBeUndefined();
    expect(y).toMatchObject({ type: 'Pod', phase: 'Pending', message: 'Waiting for argo/Mutex/m lock. Lock status: 0/1', synchronizationStatus: { waiting: 'argo/Mutex/m' } });
    expect(r.status.synchronization).toEqual({
      mutex: { holding: [{ mutex: 'argo/Mutex/m', holder: `argo/w/${x.id}` }], waiting: [{ mutex: 'argo/Mutex/m', holder: `argo/w/${x.id}` }] },
    });

    finish = true;
    sim.settle();
    finish = false;
    sim.now = new Date('2026-01-01T00:00:30Z');
    const r2 = l.step(sim);
    const y2 = sim.node('w[0].work(1:y)')!;
    expect(sim.node('w[0].work(0:x)')!.phase).toBe('Succeeded');
    expect(y2.phase).toBe('Pending');
    expect(y2.message).toBeUndefined();
    expect(y2.synchronizationStatus).toBeUndefined();
    expect(y2.startedAt).toBe('2026-01-01T00:00:30Z');
    expect(sim.created).toHaveLength(2);
    expect(r2.locks).toEqual([
      { type: 'release', holder: `argo/w/${x.id}`, locks: ['argo/Mutex/m'] },
      { type: 'acquire', holder: `argo/w/${y2.id}`, locks: ['argo/Mutex/m'] },
    ]);
    expect(r2.status.synchronization).toEqual({ mutex: { holding: [{ mutex: 'argo/Mutex/m', holder: `argo/w/${y2.id}` }] } });
  });

  it('a semaphore of limit 2 runs at most 2 of 4 nodes at once and all succeed', () => {
    const l = new Locks();
    l.configMaps.set('argo/limits', { data: { t: '2' } });
    const sim = l.sim(TMPL('{semaphores: [{configMapKeyRef: {name: limits, key: t}}]}', ['a', 'b', 'c', 'd']), 'w', done);
    let most = 0;
    const r = l.step(sim);
    expect(podNodes(sim).filter((n) => n.synchronizationStatus).map((n) => n.message)).toEqual([
      'Waiting for argo/ConfigMap/limits/t lock. Lock status: 0/2', 'Waiting for argo/ConfigMap/limits/t lock. Lock status: 0/2',
    ]);
    expect(r.status.synchronization!.semaphore!.holding![0]!.holders).toHaveLength(2);
    for (let i = 0; i < 20 && !['Succeeded', 'Failed'].includes(sim.wf.status!.phase!); i++) {
      most = Math.max(most, sim.running.size);
      sim.settle();
      l.step(sim);
    }
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(most).toBe(2);
    expect(sim.created).toHaveLength(4);
    expect(sim.wf.status!.synchronization).toBeUndefined();
    expect(l.manager.snapshot()).toEqual([]);
  });

  it('a raised limit lets a waiting node start', () => {
    const l = new Locks();
    l.configMaps.set('argo/limits', { data: { t: '1' } });
    const sim = l.sim(TMPL('{semaphores: [{configMapKeyRef: {name: limits, key: t}}]}', ['a', 'b']), 'w');
    l.step(sim);
    expect(sim.created).toHaveLength(1);
    l.configMaps.set('argo/limits', { data: { t: '2' } });
    l.manager.configMapChanged('argo', 'limits');
    expect(l.woken).toEqual(['argo/w']);
    l.step(sim);
    expect(sim.created).toHaveLength(2);
  });

  it('holds the lock across retries (holder: the retry node) and gives it back when the retries end', () => {
    const l = new Locks();
    const attempts: string[] = [];
    const sim = l.sim(TMPL('{mutexes: [{name: m}]}', ['x', 'y'], 'retryStrategy: {limit: 1}'), 'w', (name) => {
      attempts.push(name);
      return { exitCode: name.includes('(0:x)(0)') ? 1 : 0 };
    });
    l.settle(sim);
    expect(sim.wf.status!.phase).toBe('Succeeded');
    // x's two attempts run before y's.
    expect(attempts).toEqual(['w[0].work(0:x)(0)', 'w[0].work(0:x)(1)', 'w[0].work(1:y)(0)']);
    const x = sim.node('w[0].work(0:x)')!;
    expect(x.type).toBe('Retry');
    expect(sim.wf.status!.synchronization).toBeUndefined();
  });

  it('a stopped workflow takes its waiting nodes out of the line', () => {
    const l = new Locks();
    const sim = l.sim(TMPL('{mutexes: [{name: m}]}', ['x', 'y']), 'w');
    l.step(sim);
    const y = sim.node('w[0].work(1:y)')!;
    expect(l.manager.waitersOf('argo/Mutex/m')).toEqual([`argo/w/${y.id}`]);
    sim.wf = { ...sim.wf, spec: { ...sim.wf.spec, shutdown: 'Stop' } };
    l.settle(sim);
    expect(sim.wf.status!.phase).toBe('Failed');
    expect(sim.node('w[0].work(1:y)')).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(sim.node('w[0].work(1:y)')!.synchronizationStatus).toBeUndefined();
    expect(l.manager.snapshot()).toEqual([]);
  });

  it('gates DAG tasks the same way, and a lock on the entrypoint is held by the workflow\'s root node', () => {
    const l = new Locks();
    const sim = l.sim(`
spec:
  entrypoint: main
  templates:
  - name: main
    synchronization: {mutexes: [{name: outer}]}
    dag:
      tasks:
      - {name: a, template: work}
      - {name: b, template: work}
  - name: work
    synchronization: {mutexes: [{name: inner}]}
    container: {image: busybox, command: [echo]}
`, 'w', done);
    const r = l.step(sim);
    const [a, b] = [sim.node('w.a')!, sim.node('w.b')!];
    expect(sim.created).toHaveLength(1);
    expect([a, b].map((n) => n.synchronizationStatus?.waiting ?? 'holds')).toEqual(['holds', 'argo/Mutex/inner']);
    expect(r.status.synchronization!.mutex!.holding).toEqual([
      { mutex: 'argo/Mutex/outer', holder: 'argo/w/w' },
      { mutex: 'argo/Mutex/inner', holder: `argo/w/${a.id}` },
    ]);
    l.settle(sim);
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(sim.created).toHaveLength(2);
    expect(l.manager.snapshot()).toEqual([]);
  });

  it('without the controller\'s manager, still serialises the workflow\'s own nodes from its status', () => {
    const sim = new Simulator({ ...(parse(TMPL('{mutexes: [{name: m}]}', ['x', 'y', 'z'])) as Workflow), metadata: { name: 'w' } }, done);
    let most = 0;
    for (let i = 0; i < 30 && sim.wf.status?.phase !== 'Succeeded'; i++) {
      sim.step();
      most = Math.max(most, sim.running.size);
      sim.settle();
    }
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(most).toBe(1);
    expect(sim.created).toHaveLength(3);
  });
});
