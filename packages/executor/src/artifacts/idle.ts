import { ExecutorError } from '../errors.js';

/**
 * An idle limit for one remote call that has no timeout of its own (fetch):
 * `signal` aborts once `touch` has not been called for `ms`; callers touch on
 * every chunk moved, so a slow but moving transfer is never cut.
 */
export interface IdleGuard {
  signal: AbortSignal;
  touch(): void;
  done(): void;
  /** The error to report when the limit fired (undefined otherwise). */
  timeout(): ExecutorError | undefined;
}

export function idleGuard(ms: number, what: string, parent?: AbortSignal): IdleGuard {
  const ctrl = new AbortController();
  let fired: ExecutorError | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fired = new ExecutorError('Network', `${what}: no response for ${ms / 1000} s (timed out)`, { transient: true });
      ctrl.abort(fired);
    }, ms);
    timer.unref();
  };
  arm();
  return {
    signal: parent ? AbortSignal.any([parent, ctrl.signal]) : ctrl.signal,
    touch: () => (fired ? undefined : arm()),
    done: () => clearTimeout(timer),
    timeout: () => fired,
  };
}
