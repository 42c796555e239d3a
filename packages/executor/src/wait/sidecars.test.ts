import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { logger } from '../log.js';
import { stopSidecars } from './sidecars.js';

describe('stopSidecars', () => {
  it("writes SIGTERM's number to each sidecar's ctr/<name>/signal, making the directory shared when missing", async () => {
    const root = await mkdtemp(join(tmpdir(), 'sidecars-'));
    try {
      const err = new PassThrough();
      let text = '';
      err.on('data', (d) => (text += d));
      await stopSidecars(['db', 'web'], (p) => join(root, p), logger(err));
      for (const name of ['db', 'web']) {
        expect(await readFile(join(root, 'var/run/argo/ctr', name, 'signal'), 'utf8')).toBe('15\n');
        expect((await stat(join(root, 'var/run/argo/ctr', name))).mode & 0o777).toBe(0o777);
      }
      expect(text).toMatch(/asked sidecar to stop.*db/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
