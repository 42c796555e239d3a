/**
 * The one backoff and the one retry loop for Kubernetes requests (and any
 * other work whose errors say transient or permanent): exponential growth
 * with jitter, and a clock that tests can replace.
 */
import { isTransient as isTransientKube } from './errors.js';

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of random jitter added (0.2 = up to +20%). */
  jitter?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;

  constructor(opts: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = opts.initialMs ?? 500;
    this.maxMs = opts.maxMs ?? 30_000;
    this.factor = opts.factor ?? 2;
    this.jitter = opts.jitter ?? 0.2;
  }

  /** Delay before the next attempt; each call grows the following one. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(base * (1 + this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryOptions {
  /** Total attempts including the first. */
  attempts: number;
  backoff?: BackoffOptions;
  signal?: AbortSignal;
  /** Which errors are worth another attempt; default: KubeApiError's `transient` (unknown errors count as transient). */
  isTransient?: (err: unknown) => boolean;
  /** Replaceable for tests; defaults to `sleep`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called before each wait, e.g. to log. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Maps the last transient error once attempts run out (default: rethrown unchanged). */
  exhausted?: (err: unknown, attempts: number) => unknown;
}

/**
 * Runs `fn` until it succeeds, throws a permanent error (rethrown as is),
 * the signal aborts (the last error rethrown) or `attempts` tries have failed
 * (the last error passed through `exhausted`, else rethrown unchanged).
 */
export async function retryTransient<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const backoff = new Backoff(opts.backoff ?? { initialMs: 200, maxMs: 10_000, jitter: 0.5 }, opts.random);
  const transient = opts.isTransient ?? isTransientKube;
  const wait = opts.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!transient(err) || opts.signal?.aborted) throw err;
      if (attempt >= opts.attempts) throw opts.exhausted ? opts.exhausted(err, attempt) : err;
      const delay = backoff.next();
      opts.onRetry?.(err, attempt, delay);
      await wait(delay, opts.signal);
    }
  }
}
