import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdirShared } from '../artifacts/fsutil.js';
import { basename, dirname } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { ExecutorError } from '../errors.js';
import type { MainTerminated } from './main-status.js';

/** The exit code in `file`, if it is there and holds a number. */
export async function readExitCode(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const n = Number.parseInt(text.trim(), 10);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Resolves with the exit code once the emissary renames `exitcode` into
 * place. fs.watch makes this immediate; the poll covers filesystems where
 * watch events are lost (overlay, network mounts).
 */
export async function waitForExitCode(file: string, signal: AbortSignal, pollMs = 500): Promise<number> {
  await mkdirShared(dirname(file));
  const read = () => readExitCode(file);
  const first = await read();
  if (first !== undefined) return first;
  return new Promise<number>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      watcher.close();
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const check = () => void read().then((n) => { if (n !== undefined) finish(() => resolve(n)); });
    const watcher = watch(dirname(file), (_e, name) => { if (!name || name === basename(file)) check(); });
    watcher.on('error', () => undefined);
    const timer = setInterval(check, pollMs);
    const onAbort = () => finish(() => reject(new ExecutorError('Aborted', 'wait: the pod is being deleted; stopped waiting for the main container')));
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    check();
  });
}

/** How main ended: through its exit code file, or (no file) only through the pod status. */
export type MainExit =
  | { reported: true; exitCode: number }
  | { reported: false; exitCode: number; reason: string };

/** After the status says main is terminated, how long the exit code file may still take to appear. */
export const EXITCODE_GRACE_MS = 2000;

/**
 * Waits for the exit code file, racing the main container's own status:
 * a main container killed (SIGKILL, OOM) or failing before the emissary runs
 * never writes the file, and the node must not wait on it forever. Once the
 * status says terminated, the file gets EXITCODE_GRACE_MS more.
 */
export async function waitForMainExit(
  file: string,
  signal: AbortSignal,
  mainStatus: (signal: AbortSignal) => Promise<MainTerminated>,
  graceMs = EXITCODE_GRACE_MS,
  clock: Clock = systemClock,
): Promise<MainExit> {
  // The common case (main already done) costs no API call.
  const ready = await readExitCode(file);
  if (ready !== undefined) return { reported: true, exitCode: ready };
  const inner = new AbortController();
  const stopInner = () => inner.abort();
  signal.addEventListener('abort', stopInner, { once: true });
  try {
    const fromFile = waitForExitCode(file, inner.signal).then((exitCode) => ({ reported: true as const, exitCode }));
    // Only the outer signal ends the wait with an error; the inner one just stops the losers.
    fromFile.catch(() => undefined);
    const status = mainStatus(inner.signal);
    status.catch(() => undefined);
    const first = await Promise.race([fromFile, status.then((t) => ({ status: t }))]);
    if ('reported' in first) return first;
    const graceOver = new AbortController();
    const grace = clock.sleep(graceMs, graceOver.signal).then(() => undefined);
    const late = await Promise.race([fromFile, grace]).finally(() => graceOver.abort());
    if (late) return late;
    const t = first.status;
    const detail = t.message ? `${t.reason ?? 'Error'}: ${t.message.split('\n')[0]}` : t.reason ?? `exit code ${t.exitCode}`;
    return { reported: false, exitCode: t.exitCode, reason: detail };
  } finally {
    signal.removeEventListener('abort', stopInner);
    inner.abort();
  }
}
