import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiError } from './errors.js';
import { Store } from './store.js';
import type { KubeObject, StoreEvent } from './types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'argo-ts-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const obj = (name: string, labels: Record<string, string> = {}, ns = 'default'): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: `uid-${name}`, labels }, data: { name },
});

describe('Store persistence', () => {
  it('keeps objects and resourceVersions across a restart', async () => {
    const s = new Store({ dir });
    await s.put('core/configmaps', obj('a')).durable;
    const b = s.put('core/configmaps', obj('b'));
    await b.durable;
    await s.remove('core/configmaps', obj('a')).durable;
    await s.close();
    const again = new Store({ dir });
    expect(again.get('core/configmaps', 'default', 'a')).toBeUndefined();
    expect(again.get('core/configmaps', 'default', 'b')).toEqual(b.object);
    expect(again.resourceVersion).toBe(3);
    expect(again.recoveredTornTail).toBe(false);
    await again.close();
  });

  it('ignores a torn last log record and keeps appending after it', async () => {
    const s = new Store({ dir });
    await s.put('core/configmaps', obj('a')).durable;
    await s.close();
    appendFileSync(path.join(dir, 'wal-0000000001.log'), '{"rv":2,"op":"put","res":"core/configmaps","obj":{"metadata":{"na');
    const again = new Store({ dir });
    expect(again.recoveredTornTail).toBe(true);
    expect(again.resourceVersion).toBe(1);
    await again.put('core/configmaps', obj('c')).durable;
    await again.close();
    const third = new Store({ dir });
    expect(third.list('core/configmaps').map((o) => o.metadata.name)).toEqual(['a', 'c']);
    expect(third.recoveredTornTail).toBe(false);
    await third.close();
  });

  it('compacts into a snapshot and replays only newer records', async () => {
    const s = new Store({ dir, compactEvery: 5 });
    for (let i = 0; i < 12; i++) await s.put('core/configmaps', obj(`o${i}`)).durable;
    await s.close();
    expect(existsSync(path.join(dir, 'snapshot.json'))).toBe(true);
    const segments = readdirSync(dir).filter((f) => f.startsWith('wal-'));
    expect(segments).toHaveLength(1);
    const walLines = readFileSync(path.join(dir, segments[0]!), 'utf8').split('\n').filter(Boolean);
    expect(walLines.length).toBeLessThan(5);
    const again = new Store({ dir });
    expect(again.list('core/configmaps')).toHaveLength(12);
    expect(again.resourceVersion).toBe(12);
    await again.close();
  });

  it('keeps accepting writes while a snapshot is written and survives a crash between snapshot and segment cleanup', async () => {
    const s = new Store({ dir });
    for (let i = 0; i < 3000; i++) s.put('core/configmaps', obj(`s${i}`));
    const compaction = s.compact();
    const during = s.put('core/configmaps', obj('during'));
    await Promise.all([compaction, during.durable]);
    await s.put('core/configmaps', obj('after')).durable;
    await s.close();
    // Simulate a crash that left an already-snapshotted segment behind.
    writeFileSync(path.join(dir, 'wal-0000000000.log'), JSON.stringify({ rv: 1, op: 'del', res: 'core/configmaps', obj: obj('s0') }) + '\n');
    const again = new Store({ dir });
    expect(again.list('core/configmaps')).toHaveLength(3002);
    expect(again.get('core/configmaps', 'default', 's0')).toBeDefined();
    expect(again.resourceVersion).toBe(3002);
    await again.close();
  });

  it('batches concurrent writes into one commit and resolves all of them', async () => {
    const s = new Store({ dir });
    const writes = Array.from({ length: 200 }, (_, i) => s.put('core/configmaps', obj(`p${i}`)));
    await Promise.all(writes.map((w) => w.durable));
    await s.close();
    const again = new Store({ dir });
    expect(again.list('core/configmaps')).toHaveLength(200);
    await again.close();
  });

  it('locks the state directory against a second store and takes over a stale lock', async () => {
    const s = new Store({ dir });
    expect(() => new Store({ dir })).toThrow('is in use by another API server in this process');
    await s.close();
    writeFileSync(path.join(dir, 'LOCK'), '999999999');
    const again = new Store({ dir });
    expect(readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await again.close();
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });
});

describe('Store reads and watches', () => {
  it('narrows lists through the label index and by namespace', async () => {
    const s = new Store({ dir });
    s.put('core/configmaps', obj('a', { app: 'x', tier: 'web' }));
    s.put('core/configmaps', obj('b', { app: 'x' }, 'other'));
    s.put('core/configmaps', obj('c', { app: 'y' }));
    expect(s.list('core/configmaps', undefined, [['app', 'x']]).map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(s.list('core/configmaps', 'default', [['app', 'x']]).map((o) => o.metadata.name)).toEqual(['a']);
    expect(s.list('core/configmaps', undefined, [['app', 'x'], ['tier', 'web']]).map((o) => o.metadata.name)).toEqual(['a']);
    expect(s.list('core/configmaps', undefined, [['app', 'none']])).toEqual([]);
    await s.close();
  });

  it('replays history after a resourceVersion and refuses compacted ones with Expired', async () => {
    const s = new Store({ dir, historySize: 3 });
    for (let i = 0; i < 5; i++) await s.put('core/configmaps', obj(`h${i}`)).durable;
    const seen: StoreEvent[] = [];
    const stop = s.watch({ res: 'core/configmaps', minRv: 3, onEvent: (e) => seen.push(e) }, true);
    expect(seen.map((e) => e.rv)).toEqual([4, 5]);
    await s.put('core/configmaps', obj('h5')).durable;
    expect(seen.map((e) => e.rv)).toEqual([4, 5, 6]);
    stop();
    expect(() => s.watch({ res: 'core/configmaps', minRv: 1, onEvent: () => {} }, true)).toThrow(ApiError);
    try {
      s.watch({ res: 'core/configmaps', minRv: 1, onEvent: () => {} }, true);
    } catch (err) {
      expect((err as ApiError).httpStatus).toBe(410);
      expect((err as ApiError).code).toBe('Expired');
    }
    await s.close();
  });

  it('bounds the history by bytes as well as by count', async () => {
    const s = new Store({ dir, historySize: 1000, historyBytes: 50_000 });
    const big = (name: string): KubeObject => ({ ...obj(name), data: { blob: 'x'.repeat(10_000) } });
    for (let i = 0; i < 10; i++) await s.put('core/configmaps', big(`b${i}`)).durable;
    // Each event weighs ~2 x 10 KB, so only the last two fit in 50 KB.
    expect(s.oldestWatchableVersion).toBe(8);
    expect(() => s.watch({ res: 'core/configmaps', minRv: 7, onEvent: () => {} }, true)).toThrow('too old resource version');
    await s.close();
  });

  it('indexes dependents by owner uid', async () => {
    const s = new Store({ dir });
    const child = obj('child');
    child.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 'uid-a' }];
    s.put('core/configmaps', child);
    expect(s.dependents('uid-a').map((d) => d.object.metadata.name)).toEqual(['child']);
    s.remove('core/configmaps', child);
    expect(s.dependents('uid-a')).toEqual([]);
    await s.close();
  });
});
