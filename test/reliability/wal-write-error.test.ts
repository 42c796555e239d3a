/**
 * A disk write that fails part-way through a write-ahead-log batch (ENOSPC)
 * must not cost any write acknowledged after it (issue 14, finding 10): the
 * torn batch is cut off before the next one is written. 1,000 writes, 50 in
 * flight, with 5 writes failing after half their bytes; then a restart.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, type SyncFile, type WriteFile } from '@argo-ts/local';

const RES = 'core/configmaps';

describe('WAL write errors', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(join(tmpdir(), 'argo-ts-walerr-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write across a restart when 5 batches fail half-written', async () => {
    let calls = 0;
    const failing = new Set([2, 5, 8, 11, 14]);
    let failed = 0;
    const writeFile: WriteFile = async (fd, buf) => {
      calls++;
      if (failing.has(calls)) {
        failed++;
        fs.writeSync(fd, buf, 0, Math.floor(buf.length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    };
    // No compaction during the run: a snapshot would paper over the torn batch.
    const store = new Store({ dir, writeFile });
    const acked = new Map<string, number>();
    let rejected = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 1000) {
        const i = next++;
        const name = `cm-${i % 500}`;
        const v = i < 500 ? 1 : 2;
        try {
          await store.put(RES, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v: String(v) } }).durable;
          acked.set(name, Math.max(acked.get(name) ?? 0, v));
        } catch {
          rejected++;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    await store.close();
    expect(failed).toBe(5);
    expect(rejected).toBeGreaterThan(0);

    const again = new Store({ dir });
    try {
      const missing = [...acked].filter(([name, v]) => Number((again.get(RES, 'default', name)?.data as { v?: string } | undefined)?.v ?? 0) < v);
      expect(missing).toEqual([]);
    } finally {
      await again.close();
    }
  }, 60_000);

  it('refuses every write after a failed fsync (WalBroken), and a restart keeps all it acknowledged', async () => {
    const fdir = fs.mkdtempSync(join(dir, 'fsync-'));
    let syncs = 0;
    // The 20th flush fails as a disk would (EIO): its pages may be lost although the file keeps its length.
    const syncFile: SyncFile = (fd, done) => {
      syncs++;
      if (syncs === 20) { done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })); return; }
      fs.fdatasync(fd, done);
    };
    const store = new Store({ dir: fdir, syncFile });
    const acked: string[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 200; i++) {
      try {
        await store.put(RES, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { i: String(i) } }).durable;
        acked.push(`cm-${i}`);
      } catch (e) {
        errors.push(`${(e as { name?: string }).name ?? ''}: ${(e as Error).message}`);
      }
    }
    await store.close().catch(() => undefined);
    // One write at a time: the first 19 were acknowledged, the 20th failed its flush, none after it was.
    expect(acked).toHaveLength(19);
    expect(errors).toHaveLength(181);
    expect(errors[0]).toMatch(/EIO/);
    expect(errors.slice(1).every((m) => /WalBroken|broken|refus/i.test(m))).toBe(true);

    const again = new Store({ dir: fdir });
    try {
      expect(acked.filter((name) => !again.get(RES, 'default', name))).toEqual([]);
      // The restarted log takes writes again.
      await again.put(RES, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', namespace: 'default' } }).durable;
    } finally {
      await again.close();
    }
  }, 60_000);
});
