import { Backoff, retryTransient } from './backoff.js';
import { KubeApiError } from './errors.js';

describe('Backoff', () => {
  it('grows by the factor up to the cap, with jitter on top, and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 500, factor: 2, jitter: 0.5 }, () => 1);
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([150, 300, 600, 750]);
    expect(b.attempts).toBe(4);
    b.reset();
    expect(b.next()).toBe(150);
  });
});

describe('retryTransient', () => {
  const noSleep = { sleep: async () => undefined, random: () => 0 };

  it('retries transient errors until success, waiting the backoff between tries', async () => {
    const waits: number[] = [];
    let calls = 0;
    const got = await retryTransient(async () => {
      if (++calls < 3) throw new KubeApiError(503, 'unavailable');
      return 'ok';
    }, { attempts: 5, backoff: { initialMs: 10, jitter: 0 }, sleep: async (ms) => { waits.push(ms); } });
    expect(got).toBe('ok');
    expect(waits).toEqual([10, 20]);
  });

  it('rethrows a permanent error at once', async () => {
    let calls = 0;
    const err = await retryTransient(async () => { calls++; throw new KubeApiError(422, 'invalid'); }, { attempts: 5, ...noSleep }).catch((e: unknown) => e);
    expect((err as KubeApiError).code).toBe('Invalid');
    expect(calls).toBe(1);
  });

  it('gives up after the attempts, passing the last error through `exhausted`', async () => {
    let calls = 0;
    const err = await retryTransient(async () => { calls++; throw new KubeApiError(0, `down ${calls}`); }, {
      attempts: 3, ...noSleep, exhausted: (e, n) => new Error(`after ${n}: ${(e as Error).message}`),
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('after 3: down 3');
  });

  it('stops retrying once the signal aborts', async () => {
    const ctl = new AbortController();
    let calls = 0;
    const err = await retryTransient(async () => { calls++; ctl.abort(); throw new KubeApiError(500, 'x'); }, { attempts: 5, signal: ctl.signal, ...noSleep }).catch((e: unknown) => e);
    expect((err as KubeApiError).code).toBe('ServerError');
    expect(calls).toBe(1);
  });
});
