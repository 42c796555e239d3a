/**
 * One store per state directory: two processes appending to the same log
 * would interleave records and lose acknowledged writes. A `LOCK` file holds
 * the owner's pid; a lock whose process is gone is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiError } from './errors.js';

/** Directories locked by this process (a pid check cannot tell two stores of one process apart). */
const HELD = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dir`; returns the release function. Throws when another live store holds it. */
export function lockStateDir(dir: string): () => void {
  const file = path.join(path.resolve(dir), 'LOCK');
  const busy = (who: string): ApiError =>
    new ApiError('ServiceUnavailable', `state directory ${path.resolve(dir)} is in use by ${who}; stop it or choose another state directory`);
  if (HELD.has(file)) throw busy('another API server in this process');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      HELD.add(file);
      return () => {
        HELD.delete(file);
        fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw busy(`process ${pid}`);
      // Stale: its owner exited without releasing it (crash) or it is our own leftover.
      fs.rmSync(file, { force: true });
    }
  }
  throw busy('a store that keeps re-taking the lock');
}
