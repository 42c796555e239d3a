/**
 * Time as the executor sees it, injectable through ExecutorContext.clock so
 * tests of grace periods and backoffs advance time instead of sleeping it.
 */
import { sleep } from '@argo-ts/spec/kube';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) { resolve(); return; }
      const timer = { at: this.t + ms, resolve: () => { signal?.removeEventListener('abort', cancel); resolve(); } };
      const cancel = () => { this.timers = this.timers.filter((x) => x !== timer); resolve(); };
      signal?.addEventListener('abort', cancel, { once: true });
      this.timers.push(timer);
    });
  }

  /** Sleeps started and not yet over. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, ending the sleeps that are due. */
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.resolve();
  }
}
