import { ExecutorError, isTransient } from './errors.js';
import { withRetry } from './retry.js';

describe('withRetry', () => {
  it('retries transient errors and returns the eventual value', async () => {
    let calls = 0;
    const v = await withRetry(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return 'ok';
    }, { what: 'op', baseDelayMs: 1 });
    expect(v).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry permanent errors', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new ExecutorError('ArtifactNotFound', 'no such key');
    }, { what: 'op', baseDelayMs: 1 })).rejects.toMatchObject({ code: 'ArtifactNotFound', transient: false });
    expect(calls).toBe(1);
  });

  it('gives up after the attempt budget with a one-line message', async () => {
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw Object.assign(new Error('server said 503'), { $metadata: { httpStatusCode: 503 } });
    }, { what: 'save artifact a', attempts: 3, baseDelayMs: 1 }).catch((e) => e);
    expect(calls).toBe(3);
    expect(err).toBeInstanceOf(ExecutorError);
    expect(err.message).toBe('save artifact a: failed after 3 attempts: server said 503');
    expect(err.transient).toBe(true);
  });

  it('classifies errors', () => {
    expect(isTransient({ $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isTransient({ $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isTransient({ $metadata: { httpStatusCode: 404 } })).toBe(false);
    expect(isTransient({ name: 'SlowDown' })).toBe(true);
    expect(isTransient(new Error('x', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isTransient(new Error('plain'))).toBe(false);
  });
});
