import { writeFile, rename } from 'node:fs/promises';
import { Paths } from '@argo-ts/spec';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { mkdirShared } from '../artifacts/fsutil.js';

/** SIGTERM: what the emissary of a sidecar delivers to its command; it escalates to SIGKILL after the grace period itself. */
export const STOP_SIGNAL = 15;

/**
 * Asks every sidecar to stop, as Argo's wait container does once the user
 * containers are done: a sidecar runs under the emissary, which watches
 * `ctr/<name>/signal` and signals its command. On a node nothing else stops
 * them, and the pod would never complete. A sidecar that already ended
 * ignores the file. Failures are logged, never fatal: the outputs matter more.
 */
export async function stopSidecars(names: string[], resolvePath: (p: string) => string, log: Logger): Promise<void> {
  await Promise.all(names.map(async (name) => {
    const dir = resolvePath(`${Paths.ctrDir}/${name}`);
    try {
      await mkdirShared(dir);
      // Through a rename, so the emissary never reads a half-written number.
      await writeFile(`${dir}/signal.tmp`, `${STOP_SIGNAL}\n`, { mode: 0o644 });
      await rename(`${dir}/signal.tmp`, `${dir}/signal`);
      log.info('asked sidecar to stop', { container: name, signal: STOP_SIGNAL });
    } catch (err) {
      log.warn('cannot ask sidecar to stop', { container: name, error: messageOf(err) });
    }
  }));
}
