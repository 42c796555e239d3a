/**
 * The work queue of workflow keys (`namespace/name`), with the guarantees the
 * reconcile loop relies on: a key waiting is queued once however many events
 * arrive; a key being processed is never handed to a second worker, and if
 * it is added meanwhile it is processed again after `done`; delayed adds use
 * timers (earliest wins), never polling; dispatch is rate limited by a token
 * bucket (qps/burst); failures back off per key.
 */
import { Backoff } from './backoff.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private waiting: Promise<void> = Promise.resolve();

  constructor(private readonly qps: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when a token is available; callers are served in order. */
  take(): Promise<void> {
    if (!(this.qps > 0)) return Promise.resolve();
    const next = this.waiting.then(() => this.takeOne());
    this.waiting = next;
    return next;
  }

  private async takeOne(): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
      this.last = t;
      if (this.tokens >= 1) { this.tokens -= 1; return; }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.qps) * 1000)));
    }
  }
}

export interface QueueOptions {
  qps?: number;
  burst?: number;
  /** Per-key failure backoff. */
  failureBackoff?: { initialMs?: number; maxMs?: number };
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, Backoff>();
  private readonly getters: Array<(k: string | undefined) => void> = [];
  private readonly bucket: TokenBucket | undefined;
  private shuttingDown = false;

  constructor(private readonly opts: QueueOptions = {}) {
    this.bucket = opts.qps && opts.qps > 0 ? new TokenBucket(opts.qps, Math.max(1, opts.burst ?? Math.ceil(opts.qps))) : undefined;
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) { this.dirty.add(key); return; }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    const g = this.getters.shift();
    if (g) { this.queued.delete(key); this.processing.add(key); g(key); return; }
    this.queue.push(key);
  }

  /** Adds `key` after `ms`; an earlier pending timer for the key is kept, a later one replaced. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) { this.add(key); return; }
    const at = Date.now() + ms;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => { this.timers.delete(key); this.add(key); }, ms);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Requeues after a failure with growing per-key backoff; `forget` resets it. */
  addRateLimited(key: string): number {
    let b = this.failures.get(key);
    if (!b) { b = new Backoff({ initialMs: this.opts.failureBackoff?.initialMs ?? 200, maxMs: this.opts.failureBackoff?.maxMs ?? 60_000 }); this.failures.set(key, b); }
    const delay = b.next();
    this.addAfter(key, delay);
    return delay;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Next key to process (rate limited); undefined once shut down and empty. */
  async get(): Promise<string | undefined> {
    await this.bucket?.take();
    const key = this.queue.shift();
    if (key !== undefined) {
      this.queued.delete(key);
      this.processing.add(key);
      return key;
    }
    if (this.shuttingDown) return undefined;
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` finished; if it was added while processing it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  /** Stops accepting keys, cancels timers and releases idle workers. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    this.queue.length = 0;
    this.queued.clear();
    for (const g of this.getters.splice(0)) g(undefined);
  }

  get length(): number {
    return this.queue.length;
  }

  get inFlight(): number {
    return this.processing.size;
  }

  get delayed(): number {
    return this.timers.size;
  }
}
