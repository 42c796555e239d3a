import { watch } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ExecutorError } from '../errors.js';

/**
 * Resolves with the exit code once the emissary renames `exitcode` into
 * place. fs.watch makes this immediate; the poll covers filesystems where
 * watch events are lost (overlay, network mounts).
 */
export async function waitForExitCode(file: string, signal: AbortSignal, pollMs = 500): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const read = async (): Promise<number | undefined> => {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const n = Number.parseInt(text.trim(), 10);
    return Number.isFinite(n) ? n : undefined;
  };
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
