import { ListWatch, type InformerEvent } from './listwatch.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { KubeApiError } from './errors.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';

const pod = (name: string, wf?: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'argo', labels: wf ? { 'workflows.argoproj.io/workflow': wf } : {} },
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recorder(lw: ListWatch<KubeObject>): Array<[InformerEvent, string]> {
  const seen: Array<[InformerEvent, string]> = [];
  lw.on((ev, o) => seen.push([ev, o.metadata!.name!]));
  return seen;
}

const fast = { backoff: { initialMs: 5, maxMs: 20, jitter: 0 } };

describe('ListWatch', () => {
  let api: FakeKubeApi;
  let lw: ListWatch<KubeObject>;
  beforeEach(() => { api = new FakeKubeApi(); });
  afterEach(async () => { await lw?.stop(); });

  it('lists, then delivers watch events, filtered by label selector, and indexes the cache', async () => {
    api.seed(Resources.pods, pod('p1', 'wf-a'));
    api.seed(Resources.pods, pod('other'));
    lw = new ListWatch(api, Resources.pods, { namespace: 'argo', labelSelector: 'workflows.argoproj.io/workflow', ...fast });
    lw.addIndex('wf', (o) => o.metadata?.labels?.['workflows.argoproj.io/workflow']);
    const seen = recorder(lw);
    lw.start();
    await lw.waitForSync();
    expect(lw.hasSynced).toBe(true);
    expect(seen).toEqual([['add', 'p1']]);
    await until(() => api.openWatches === 1);
    await api.create(Resources.pods, 'argo', pod('p2', 'wf-a'));
    await api.create(Resources.pods, 'argo', pod('p3', 'wf-b'));
    await api.patch(Resources.pods, 'argo', 'p2', { metadata: { annotations: { x: '1' } } }, 'merge');
    await api.delete(Resources.pods, 'argo', 'p1');
    await until(() => seen.length === 5);
    expect(seen.slice(1)).toEqual([['add', 'p2'], ['add', 'p3'], ['update', 'p2'], ['delete', 'p1']]);
    expect(lw.byIndex('wf', 'wf-a').map((o) => o.metadata!.name)).toEqual(['p2']);
    expect(lw.byIndex('wf', 'wf-b').map((o) => o.metadata!.name)).toEqual(['p3']);
  });

  it('re-watches from the last resourceVersion when a watch ends, without re-listing', async () => {
    lw = new ListWatch(api, Resources.pods, fast);
    const seen = recorder(lw);
    lw.start();
    await until(() => api.openWatches === 1);
    api.endWatches();
    await until(() => lw.stats.watches === 2 && api.openWatches === 1);
    expect(lw.stats.lists).toBe(1);
    await api.create(Resources.pods, 'argo', pod('late'));
    await until(() => seen.length === 1);
    const watchCalls = api.calls.filter((c) => c.method === 'watch');
    expect(watchCalls.length).toBe(2);
  });

  it('re-lists after 410 Gone and reconciles the cache (deletes missed while away are delivered)', async () => {
    api.seed(Resources.pods, pod('keep'));
    api.seed(Resources.pods, pod('gone-while-away'));
    lw = new ListWatch(api, Resources.pods, fast);
    const seen = recorder(lw);
    lw.start();
    await until(() => api.openWatches === 1);
    // Simulate missing events: remove an object behind the watch's back, then expire the watch.
    api.objects.delete('/api/v1/namespaces/argo/pods/gone-while-away');
    api.endWatches(new KubeApiError(410, 'too old resource version', 'Expired'));
    await until(() => lw.stats.lists === 2);
    await until(() => seen.some(([e, n]) => e === 'delete' && n === 'gone-while-away'));
    expect([...lw.cache.keys()]).toEqual(['argo/keep']);
  });

  it('keeps retrying with backoff after errors the stock informer gives up on', async () => {
    api.failNext('list', new KubeApiError(500, 'etcd unavailable'), 3);
    api.failNext('watch', new KubeApiError(403, 'forbidden'), 1);
    lw = new ListWatch(api, Resources.pods, fast);
    lw.start();
    await until(() => api.openWatches === 1);
    expect(lw.stats.errors).toBe(4);
    expect(lw.stats.lists).toBe(5);    // 3 failed lists, 1 list before the failed watch, 1 after it
    api.endWatches(new KubeApiError(0, 'socket hang up'));
    await until(() => lw.stats.lists === 6 && api.openWatches === 1);
  });

  it('aborts a watch that stays silent and starts a new one', async () => {
    lw = new ListWatch(api, Resources.pods, { ...fast, idleTimeoutMs: 30 });
    lw.start();
    await until(() => lw.stats.watches >= 3, 2000);
    expect(lw.stats.errors).toBe(0);
  });

  it('re-delivers cached objects on resync', async () => {
    api.seed(Resources.pods, pod('p'));
    lw = new ListWatch(api, Resources.pods, { ...fast, resyncMs: 20 });
    const seen = recorder(lw);
    lw.start();
    await until(() => seen.filter(([e]) => e === 'resync').length >= 2);
  });

  it('stop during a list does not leave a watch running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const list = api.list.bind(api);
    api.list = (async (...args: Parameters<FakeKubeApi['list']>) => { await gate; return list(...args); }) as FakeKubeApi['list'];
    lw = new ListWatch(api, Resources.pods, fast);
    lw.start();
    await new Promise((r) => setTimeout(r, 10));
    const stopping = lw.stop();
    release();
    await stopping;
    expect(api.openWatches).toBe(0);
  });

  it('stop ends the loop and releases sync waiters', async () => {
    api.failNext('list', new KubeApiError(500, 'down'), 1000);
    lw = new ListWatch(api, Resources.pods, fast);
    lw.start();
    const waiting = lw.waitForSync();
    await lw.stop();
    await waiting;
    expect(lw.hasSynced).toBe(false);
  });
});
