import { jest } from '@jest/globals';
import { TokenBucket, WorkQueue } from './queue.js';

describe('WorkQueue', () => {
  it('dedupes keys waiting in the queue', async () => {
    const q = new WorkQueue();
    q.add('ns/a'); q.add('ns/b'); q.add('ns/a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
  });

  it('never hands a key being processed to a second worker, and re-queues it after done when re-added', async () => {
    const q = new WorkQueue();
    q.add('ns/a');
    const k = await q.get();
    q.add('ns/a');                       // an event arrives while the key is processed
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((x) => { second = x; });
    await Promise.resolve();
    expect(second).toBeUndefined();      // nobody gets ns/a while it is in flight
    q.done(k!);
    await new Promise((r) => setImmediate(r));
    expect(second).toBe('ns/a');
  });

  it('does not re-queue a finished key that was not re-added', async () => {
    const q = new WorkQueue();
    q.add('ns/a');
    q.done((await q.get())!);
    expect(q.length).toBe(0);
    expect(q.inFlight).toBe(0);
  });

  it('serves a waiting worker as soon as a key is added', async () => {
    const q = new WorkQueue();
    const p = q.get();
    q.add('ns/x');
    expect(await p).toBe('ns/x');
    expect(q.inFlight).toBe(1);
  });

  describe('timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('adds after the delay, keeping the earliest timer per key', () => {
      const q = new WorkQueue();
      q.addAfter('ns/a', 5000);
      q.addAfter('ns/a', 1000);            // earlier: replaces
      q.addAfter('ns/a', 9000);            // later: ignored
      expect(q.delayed).toBe(1);
      jest.advanceTimersByTime(999);
      expect(q.length).toBe(0);
      jest.advanceTimersByTime(1);
      expect(q.length).toBe(1);
      jest.advanceTimersByTime(10_000);
      expect(q.length).toBe(1);            // no second add from the replaced timers
    });

    it('backs off per key on failures and resets with forget', () => {
      const q = new WorkQueue({ failureBackoff: { initialMs: 100, maxMs: 1000 } });
      const d1 = q.addRateLimited('ns/a');
      jest.advanceTimersByTime(d1);
      const d2 = q.addRateLimited('ns/a');
      jest.advanceTimersByTime(d2);
      const d3 = q.addRateLimited('ns/a');
      expect(d1).toBeGreaterThanOrEqual(100);
      expect(d2).toBeGreaterThanOrEqual(200);
      expect(d3).toBeGreaterThanOrEqual(400);
      q.forget('ns/a');
      jest.advanceTimersByTime(d3);
      expect(q.addRateLimited('ns/a')).toBeLessThan(200);
    });
  });

  it('shutdown releases idle workers and drops pending keys', async () => {
    const q = new WorkQueue();
    const idle = q.get();
    q.shutdown();
    expect(await idle).toBeUndefined();
    q.add('ns/a');
    expect(q.length).toBe(0);
    expect(await q.get()).toBeUndefined();
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then paces to qps', async () => {
    let now = 0;
    jest.useFakeTimers();
    try {
      const b = new TokenBucket(10, 3, () => now);
      const taken: number[] = [];
      for (let i = 0; i < 5; i++) void b.take().then(() => taken.push(now));
      await jest.advanceTimersByTimeAsync(0);
      expect(taken).toEqual([0, 0, 0]);
      now = 100;
      await jest.advanceTimersByTimeAsync(100);
      expect(taken.length).toBe(4);
      now = 200;
      await jest.advanceTimersByTimeAsync(100);
      expect(taken.length).toBe(5);
    } finally {
      jest.useRealTimers();
    }
  });
});
