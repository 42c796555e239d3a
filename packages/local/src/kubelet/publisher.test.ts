import type { V1PodStatus } from '@kubernetes/client-node';
import { COALESCE_MS, StatusPublisher } from './publisher.js';
import { FakeApi } from './testdata/fake-api.js';

class SlowApi extends FakeApi {
  failuresLeft = 0;
  override async patchPodStatus(ns: string, name: string, status: V1PodStatus): Promise<boolean> {
    await new Promise((r) => setTimeout(r, 2));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('connection reset');
    }
    return super.patchPodStatus(ns, name, status);
  }
}

const phases = (api: FakeApi): string[] => (api.statuses.get('ns/p') ?? []).map((s) => s.phase!);
async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('StatusPublisher', () => {
  it('coalesces intermediate statuses and writes final ones at once', async () => {
    const api = new SlowApi();
    const pub = new StatusPublisher(api, 'ns', 'p', () => {});
    pub.publish({ phase: 'Pending' });
    pub.publish({ phase: 'Running' });
    pub.publish({ phase: 'Succeeded' }, true);
    await within(pub.flush(), 1000);
    expect(phases(api)).toEqual(['Succeeded']);
  });

  it('settles when an intermediate status is picked up by a running write before its timer fires', async () => {
    const api = new SlowApi();
    const pub = new StatusPublisher(api, 'ns', 'p', () => {});
    pub.publish({ phase: 'Pending' });
    pub.publish({ phase: 'Running' }, true);
    pub.publish({ phase: 'Failed' });
    await new Promise((r) => setTimeout(r, COALESCE_MS * 3));
    await within(pub.flush(), 1000);
    expect(phases(api)).toEqual(['Running', 'Failed']);
    pub.publish({ phase: 'Succeeded' }, true);
    await within(pub.flush(), 1000);
    expect(phases(api)).toEqual(['Running', 'Failed', 'Succeeded']);
  });

  it('retries transient errors and keeps the newest status', async () => {
    const api = new SlowApi();
    api.failuresLeft = 2;
    const pub = new StatusPublisher(api, 'ns', 'p', () => {});
    pub.publish({ phase: 'Running' }, true);
    await within(pub.flush(), 2000);
    expect(phases(api)).toEqual(['Running']);
  });
});
