import { retryTransient } from '@argo-ts/spec/kube';
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
 * The executor's retries: the shared retry loop (@argo-ts/spec/kube's
 * retryTransient, exponential backoff with jitter) with the executor's view
 * of what is transient, and a one-line ExecutorError once attempts run out.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  if (opts.signal?.aborted) throw new ExecutorError('Aborted', `${opts.what}: aborted`);
  return retryTransient(fn, {
    attempts: opts.attempts ?? 5,
    backoff: { initialMs: opts.baseDelayMs ?? 200, maxMs: opts.maxDelayMs ?? 10_000, jitter: 0.5 },
    isTransient,
    ...(opts.signal ? { signal: opts.signal } : {}),
    exhausted: (err, attempts) => new ExecutorError(err instanceof ExecutorError ? err.code : 'Network', `${opts.what}: failed after ${attempts} attempts: ${messageOf(err)}`, {
      transient: true,
      cause: err,
    }),
  });
}
