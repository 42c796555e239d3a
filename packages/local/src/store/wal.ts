/**
 * Durable storage for the store: an append-only write-ahead log of JSON lines
 * plus a periodic snapshot. A write is acknowledged only after the log record
 * is fsynced; concurrent writes share one fsync (group commit).
 *
 * Files under `dir`: `snapshot.json` ({rv, objects}) and `wal.log` (one record
 * per line). Records with rv ≤ the snapshot's rv are skipped on replay, so a
 * crash between writing the snapshot and truncating the log is harmless. A
 * torn last line (crash mid-append) is dropped and truncated away.
 */
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeObject } from './types.js';

export interface WalRecord {
  rv: number;
  op: 'put' | 'del';
  res: string;
  obj: KubeObject;
}

export interface LoadedState {
  rv: number;
  objects: Array<{ res: string; obj: KubeObject }>;
  /** Records replayed from the log after the snapshot. */
  replayed: number;
  /** True when a partial last record was found and discarded. */
  tornTail: boolean;
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SNAPSHOT = 'snapshot.json';
/** fsyncs allowed to overlap; more batches in flight means fewer writers waiting on one disk flush. */
const MAX_INFLIGHT_SYNCS = 4;
const LOG = 'wal.log';

export class WriteAheadLog {
  private fd: number | undefined;
  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private compacting = false;
  private inflight = 0;
  private acknowledged: Promise<void> = Promise.resolve();
  private recordsSinceSnapshot = 0;
  private closed = false;
  private snapshotSource: (() => { rv: number; objects: Array<{ res: string; obj: KubeObject }> }) | undefined;

  constructor(
    private readonly dir: string,
    private readonly compactEvery: number,
  ) {}

  /** Reads snapshot + log, truncates a torn tail, and opens the log for appending. */
  load(): LoadedState {
    fs.mkdirSync(this.dir, { recursive: true });
    let rv = 0;
    const objects = new Map<string, { res: string; obj: KubeObject }>();
    const snapPath = path.join(this.dir, SNAPSHOT);
    if (fs.existsSync(snapPath)) {
      const snap = JSON.parse(fs.readFileSync(snapPath, 'utf8')) as { rv: number; objects: Array<{ res: string; obj: KubeObject }> };
      rv = snap.rv;
      for (const o of snap.objects) objects.set(keyOf(o.res, o.obj), o);
    }
    const snapshotRv = rv;
    const logPath = path.join(this.dir, LOG);
    let replayed = 0;
    let tornTail = false;
    if (fs.existsSync(logPath)) {
      const buf = fs.readFileSync(logPath);
      let pos = 0;
      let good = 0;
      while (pos < buf.length) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) {
          tornTail = true;
          break;
        }
        let rec: WalRecord;
        try {
          rec = JSON.parse(buf.subarray(pos, nl).toString('utf8')) as WalRecord;
        } catch {
          // A complete but unparsable line can only be a torn write followed by
          // nothing acknowledged: stop here and drop the rest.
          tornTail = true;
          break;
        }
        pos = nl + 1;
        good = pos;
        if (rec.rv <= snapshotRv) continue;
        if (rec.op === 'put') objects.set(keyOf(rec.res, rec.obj), { res: rec.res, obj: rec.obj });
        else objects.delete(keyOf(rec.res, rec.obj));
        rv = Math.max(rv, rec.rv);
        replayed++;
      }
      if (tornTail) fs.truncateSync(logPath, good);
    }
    this.fd = fs.openSync(logPath, 'a');
    this.recordsSinceSnapshot = replayed;
    return { rv, objects: [...objects.values()], replayed, tornTail };
  }

  /** Supplies the full state for compaction; called by the store once loaded. */
  setSnapshotSource(source: () => { rv: number; objects: Array<{ res: string; obj: KubeObject }> }): void {
    this.snapshotSource = source;
  }

  /** Queues a record; resolves once it is on disk. */
  append(rec: WalRecord): Promise<void> {
    return this.appendEncoded(rec.rv, rec.op, rec.res, JSON.stringify(rec.obj));
  }

  /** Like append, with the object already serialised (the store reuses that text for watchers). */
  appendEncoded(rv: number, op: WalRecord['op'], res: string, objectJson: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    const line = `{"rv":${rv},"op":"${op}","res":${JSON.stringify(res)},"obj":${objectJson}}\n`;
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts the next batch unless a write is in progress, too many fsyncs are
   * in flight, or a compaction holds the log. Batches are written in order;
   * their fsyncs may overlap (a later fsync also covers earlier writes to the
   * same file), and batches are acknowledged strictly in order.
   */
  private schedule(): void {
    if (this.scheduled || this.writing || this.compacting || this.inflight >= MAX_INFLIGHT_SYNCS || this.queue.length === 0) return;
    this.scheduled = true;
    // Let every write issued in this tick join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flushBatch();
    });
  }

  private async flushBatch(): Promise<void> {
    if (this.writing || this.compacting || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = true;
    let failure: Error | undefined;
    try {
      await writeAll(this.fd!, batch.map((p) => p.line).join(''));
    } catch (err) {
      failure = err as Error;
    }
    this.writing = false;
    this.inflight++;
    const synced = failure ? Promise.reject(failure) : new Promise<void>((res, rej) => fs.fdatasync(this.fd!, (e) => (e ? rej(e) : res())));
    this.schedule();
    const previous = this.acknowledged;
    const done = synced.then(
      () => undefined,
      (err: Error) => err,
    ).then(async (err) => {
      await previous;
      this.inflight--;
      if (err) for (const p of batch) p.reject(err);
      else {
        this.recordsSinceSnapshot += batch.length;
        for (const p of batch) p.resolve();
      }
    });
    this.acknowledged = done;
    await done;
    if (this.recordsSinceSnapshot >= this.compactEvery && !this.compacting) await this.compact();
    this.schedule();
  }

  /** Writes a snapshot of the current state and empties the log. */
  async compact(): Promise<void> {
    if (!this.snapshotSource || this.fd === undefined || this.compacting) return;
    this.compacting = true;
    try {
      while (this.writing || this.inflight > 0) await this.acknowledged.then(() => new Promise((r) => setImmediate(r)));
      await this.writeSnapshot();
    } finally {
      this.compacting = false;
      this.schedule();
    }
  }

  private async writeSnapshot(): Promise<void> {
    const state = this.snapshotSource!();
    const tmp = path.join(this.dir, `${SNAPSHOT}.tmp`);
    const handle = await fsp.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, path.join(this.dir, SNAPSHOT));
    await syncDir(this.dir);
    // Records queued meanwhile have rv > snapshot rv only if they were not yet
    // applied in memory; either way replay skips rv ≤ snapshot.rv.
    fs.ftruncateSync(this.fd!, 0);
    this.recordsSinceSnapshot = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.scheduled || this.writing || this.compacting || this.inflight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 1));
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function keyOf(res: string, obj: KubeObject): string {
  return `${res}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

async function writeAll(fd: number, text: string): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    off += await new Promise<number>((res, rej) => fs.write(fd, buf, off, buf.length - off, null, (e, n) => (e ? rej(e) : res(n))));
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await fsp.open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
