import { LeaderElector } from './leader.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { Resources } from './resources.js';

describe('LeaderElector', () => {
  let api: FakeKubeApi;
  let t: number;
  const now = (): number => t;
  const elector = (identity: string) => new LeaderElector(api, { namespace: 'argo', name: 'workflow-controller', identity, leaseDurationMs: 15_000, now });
  beforeEach(() => { api = new FakeKubeApi(); t = 1_000_000; });

  it('the first candidate creates the lease and leads; a second waits', async () => {
    const a = elector('a');
    const b = elector('b');
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    const lease = (await api.get<any>(Resources.leases, 'argo', 'workflow-controller')).spec;
    expect(lease.holderIdentity).toBe('a');
    expect(lease.leaseDurationSeconds).toBe(15);
    expect(lease.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('a holder that keeps renewing keeps the lease', async () => {
    const a = elector('a');
    const b = elector('b');
    await a.tryAcquireOrRenew();
    for (let i = 0; i < 10; i++) {
      t += 5_000;
      expect(await a.tryAcquireOrRenew()).toBe(true);
      expect(await b.tryAcquireOrRenew()).toBe(false);
    }
  });

  it('takes over once the record has been unchanged for a lease duration (by its own clock)', async () => {
    const a = elector('a');
    const b = elector('b');
    await a.tryAcquireOrRenew();
    expect(await b.tryAcquireOrRenew()).toBe(false);   // b first observes the record now
    t += 14_000;
    expect(await b.tryAcquireOrRenew()).toBe(false);
    t += 2_000;
    expect(await b.tryAcquireOrRenew()).toBe(true);
    const lease = (await api.get<any>(Resources.leases, 'argo', 'workflow-controller')).spec;
    expect(lease.holderIdentity).toBe('b');
    expect(lease.leaseTransitions).toBe(1);
    expect(await a.tryAcquireOrRenew()).toBe(false);   // a has been deposed
  });

  it('run() calls onStarted, and releases the lease on abort', async () => {
    const a = new LeaderElector(api, { namespace: 'argo', name: 'l', identity: 'a', retryPeriodMs: 5 });
    const ctl = new AbortController();
    let started = 0;
    const running = a.run(ctl.signal, () => { started++; }, () => { throw new Error('must not stop'); });
    while (!started) await new Promise((r) => setTimeout(r, 5));
    expect(a.isLeader).toBe(true);
    ctl.abort();
    await running;
    const lease = (await api.get<any>(Resources.leases, 'argo', 'l')).spec;
    expect(lease.holderIdentity).toBe('');
    expect(started).toBe(1);
  });

  it('run() steps down when it cannot renew within the deadline', async () => {
    let clock = 0;
    const a = new LeaderElector(api, { namespace: 'argo', name: 'l', identity: 'a', retryPeriodMs: 1, renewDeadlineMs: 100, now: () => clock });
    const ctl = new AbortController();
    let stopped = false;
    const running = a.run(ctl.signal, () => undefined, () => { stopped = true; });
    while (!a.isLeader) await new Promise((r) => setTimeout(r, 2));
    // Someone else grabs the lease behind our back; our renewals now conflict or are refused.
    const cur = await api.get<any>(Resources.leases, 'argo', 'l');
    await api.replace(Resources.leases, 'argo', 'l', { ...cur, spec: { ...cur.spec, holderIdentity: 'intruder', renewTime: 'x' } });
    api.failNext('get', new Error('network down'), 1000, 'leases');
    clock = 1000;
    await running;
    expect(stopped).toBe(true);
    expect(a.isLeader).toBe(false);
  });
});
