import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Store } from './store.js';
import type { KubeObject } from './types.js';
import type { WriteFile } from './wal.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'argo-ts-wal-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const RES = 'core/configmaps';
const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { name, ...data },
});

/** A disk that fails the `failAt`-th write after writing half of it (ENOSPC part-way through a batch). */
function failingDisk(failAt: number): { writeFile: WriteFile; writes: () => number } {
  let n = 0;
  const writeFile: WriteFile = async (fd, buf) => {
    n++;
    if (n === failAt) {
      fs.writeSync(fd, buf, 0, Math.floor(buf.length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
  };
  return { writeFile, writes: () => n };
}

function segmentFiles(): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('wal-')).sort();
}

describe('write-ahead log faults', () => {
  it('keeps every write acknowledged after a batch failed part-way', async () => {
    const disk = failingDisk(2);
    const s = new Store({ dir, writeFile: disk.writeFile });
    await s.put(RES, cm('before')).durable;
    // One tick: these share the batch whose write fails half-way.
    const failed = ['f1', 'f2', 'f3'].map((n) => s.put(RES, cm(n)).durable);
    const outcomes = await Promise.allSettled(failed);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toMatch(/ENOSPC/);
    const later: string[] = [];
    for (let i = 0; i < 20; i++) {
      await s.put(RES, cm(`after${i}`)).durable;
      later.push(`after${i}`);
    }
    expect(disk.writes()).toBeGreaterThan(2);
    await s.close();

    const again = new Store({ dir });
    expect(again.recoveredTornTail).toBe(false);
    for (const name of ['before', ...later]) expect(again.get(RES, 'default', name)?.metadata.name).toBe(name);
    await again.close();
  });

  it('refuses to load a log with a bad record in the middle instead of dropping what follows', async () => {
    const s = new Store({ dir });
    for (let i = 0; i < 5; i++) await s.put(RES, cm(`o${i}`)).durable;
    await s.close();
    const file = path.join(dir, segmentFiles()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const second = text.indexOf('\n') + 1;
    // Flip one byte inside the second record's object: its checksum no longer matches.
    const at = text.indexOf('o1', second);
    fs.writeFileSync(file, text.slice(0, at) + 'X' + text.slice(at + 1));
    expect(() => new Store({ dir })).toThrow(/corrupt at byte \d+: a bad record is followed by good ones/);
  });

  it('drops a record whose checksum does not match at the tail (torn write)', async () => {
    const s = new Store({ dir });
    for (let i = 0; i < 3; i++) await s.put(RES, cm(`o${i}`)).durable;
    await s.close();
    const file = path.join(dir, segmentFiles()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const last = text.lastIndexOf('o2');
    fs.writeFileSync(file, text.slice(0, last) + 'X' + text.slice(last + 1));
    const again = new Store({ dir });
    expect(again.recoveredTornTail).toBe(true);
    expect(again.list(RES).map((o) => o.metadata.name)).toEqual(['o0', 'o1']);
    await again.close();
  });

  it('keeps the log bounded by bytes over many updates of large objects', async () => {
    const big = 'x'.repeat(10_000);
    const s = new Store({ dir, compactBytes: 1024 * 1024 });
    let maxBytes = 0;
    // 200 rounds of 10 concurrent updates (one fsync per round keeps the test short).
    for (let round = 0; round < 200; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => s.put(RES, cm(`o${k}`, { big, i: String(round * 10 + k) })).durable));
      if (round % 10 === 0) maxBytes = Math.max(maxBytes, dirBytes());
    }
    await s.compact();
    maxBytes = Math.max(maxBytes, dirBytes());
    // 2,000 × 10 KB = 20 MB written; the log is cut at 1 MiB, the snapshot holds 10 objects.
    expect(maxBytes).toBeLessThan(3 * 1024 * 1024);
    await s.close();
    const again = new Store({ dir });
    expect(again.get(RES, 'default', 'o9')?.data).toMatchObject({ i: '1999' });
    await again.close();
  });
});

function dirBytes(): number {
  return fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}
