import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutorError, isTransient, messageOf } from './errors.js';

export interface RetryOptions {
  /** Total attempts including the first. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** What is being retried, for the final message ("save artifact out to s3://b/k"). */
  what: string;
}

/**
 * The only place the executor retries: exponential backoff with jitter, and
 * only for transient errors. A permanent error is rethrown at once.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new ExecutorError('Aborted', `${opts.what}: aborted`);
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (attempt >= attempts) {
        const code = err instanceof ExecutorError ? err.code : 'Network';
        throw new ExecutorError(code, `${opts.what}: failed after ${attempt} attempts: ${messageOf(err)}`, {
          transient: true,
          cause: err,
        });
      }
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(() => undefined);
    }
  }
}
