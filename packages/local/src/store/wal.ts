/**
 * Durable storage for the store: an append-only write-ahead log of JSON lines
 * plus periodic snapshots. A write is acknowledged only after its log record
 * is fsynced; concurrent writes share one fsync (group commit), and batches
 * may have overlapping fsyncs but are acknowledged strictly in order.
 *
 * Files under `dir`: `snapshot.json` (first line `{"rv":R}`, then one
 * `{"res","obj"}` per line) and log segments `wal-<seq>.log`. Compaction
 * switches appends to a new segment, writes the snapshot of that moment in
 * the background (temp file + fsync + rename) and only then deletes the older
 * segments, so writes never wait for a snapshot. Replay skips records with
 * rv ≤ the snapshot's rv. Each record carries a checksum (wal-record.ts): a
 * bad record with nothing good after it is a torn tail (crash mid-append) and
 * is truncated away; a bad record followed by good ones is corruption and
 * load refuses to go on rather than drop acknowledged writes.
 *
 * A write that fails part-way through a batch (a full disk) is undone by
 * truncating the segment back to the end of the last good batch before any
 * later batch is written, so no acknowledged record ever follows a torn one.
 * When that truncate, or an fsync, fails, the log refuses every later write
 * (what is on disk is no longer known).
 */
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeObject } from './types.js';
import { decodeRecord, encodeRecord, WalBrokenError, WalCorruptError, type WalRecord } from './wal-record.js';

export type { WalRecord } from './wal-record.js';

/** Writes all of `buf` at the end of `fd`; replaceable so tests can inject disk errors. */
export type WriteFile = (fd: number, buf: Buffer) => Promise<void>;
/** Flushes `fd`'s data to the disk (fdatasync); replaceable so tests can inject flush errors. */
export type SyncFile = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

export interface WalOptions {
  /** Records between snapshots. */
  compactEvery: number;
  /** Log bytes between snapshots (default 64 MiB): bounds the log when objects are large. */
  compactBytes?: number;
  writeFile?: WriteFile;
  syncFile?: SyncFile;
}

export interface SnapshotState {
  rv: number;
  objects: Array<{ res: string; obj: KubeObject }>;
}

export interface LoadedState extends SnapshotState {
  /** Records replayed from the log after the snapshot. */
  replayed: number;
  /** True when a partial last record was found and discarded. */
  tornTail: boolean;
}

interface Pending {
  line: string;
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SNAPSHOT = 'snapshot.json';
const SEGMENT = /^wal-(\d+)\.log$/;
/** fsyncs allowed to overlap; more batches in flight means fewer writers waiting on one disk flush. */
const MAX_INFLIGHT_SYNCS = 4;
/** Objects per write while streaming a snapshot (keeps the event loop responsive). */
const SNAPSHOT_CHUNK = 500;

function segmentName(seq: number): string {
  return `wal-${String(seq).padStart(10, '0')}.log`;
}

function keyOf(res: string, obj: KubeObject): string {
  return `${res}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

export class WriteAheadLog {
  private fd: number | undefined;
  private seq = 1;
  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;
  private rotating = false;
  private snapshotting: Promise<void> | undefined;
  private inflight = 0;
  private acknowledged: Promise<void> = Promise.resolve();
  private recordsSinceSnapshot = 0;
  private bytesSinceSnapshot = 0;
  /** Length of the open segment up to the last batch written whole. */
  private size = 0;
  private broken: WalBrokenError | undefined;
  private closed = false;
  private snapshotSource: (() => SnapshotState) | undefined;
  /** The last background compaction failure, if any (the log keeps growing meanwhile). */
  lastCompactionError: Error | undefined;

  private readonly compactEvery: number;
  private readonly compactBytes: number;
  private readonly writeFile: WriteFile;
  private readonly syncFile: SyncFile;

  constructor(
    private readonly dir: string,
    opts: WalOptions,
  ) {
    this.compactEvery = opts.compactEvery;
    this.compactBytes = opts.compactBytes ?? 64 * 1024 * 1024;
    this.writeFile = opts.writeFile ?? writeAll;
    this.syncFile = opts.syncFile ?? ((fd, done) => fs.fdatasync(fd, done));
  }

  /** Reads snapshot + log segments, truncates a torn tail, and opens the last segment for appending. */
  load(): LoadedState {
    fs.mkdirSync(this.dir, { recursive: true });
    const objects = new Map<string, { res: string; obj: KubeObject }>();
    const snapshotRv = this.readSnapshot(objects);
    let rv = snapshotRv;
    let replayed = 0;
    let tornTail = false;
    let segments = this.segments();
    for (let i = 0; i < segments.length; i++) {
      const result = this.replaySegment(path.join(this.dir, segments[i]!.name), (rec) => {
        if (rec.rv <= snapshotRv) return;
        if (rec.op === 'put') objects.set(keyOf(rec.res, rec.obj), { res: rec.res, obj: rec.obj });
        else objects.delete(keyOf(rec.res, rec.obj));
        rv = Math.max(rv, rec.rv);
        replayed++;
      });
      if (result.torn) {
        tornTail = true;
        // Acknowledgements are in order, so nothing in a later segment was acknowledged.
        for (const later of segments.slice(i + 1)) fs.rmSync(path.join(this.dir, later.name), { force: true });
        segments = segments.slice(0, i + 1);
        break;
      }
    }
    this.seq = segments.length > 0 ? segments[segments.length - 1]!.seq : 1;
    this.fd = this.openSegment(this.seq);
    this.size = fs.fstatSync(this.fd).size;
    this.recordsSinceSnapshot = replayed;
    this.bytesSinceSnapshot = this.size;
    return { rv, objects: [...objects.values()], replayed, tornTail };
  }

  /** Opens a segment for appending; a new file's directory entry is made durable before any record in it is acknowledged. */
  private openSegment(seq: number): number {
    const file = path.join(this.dir, segmentName(seq));
    const existed = fs.existsSync(file);
    const fd = fs.openSync(file, 'a');
    if (!existed) {
      const dirFd = fs.openSync(this.dir, 'r');
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
    }
    return fd;
  }

  private readSnapshot(into: Map<string, { res: string; obj: KubeObject }>): number {
    const snapPath = path.join(this.dir, SNAPSHOT);
    if (!fs.existsSync(snapPath)) return 0;
    const lines = fs.readFileSync(snapPath, 'utf8').split('\n');
    const head = JSON.parse(lines[0]!) as { rv: number; objects?: SnapshotState['objects'] };
    // Snapshots written before the line format held everything on one line.
    for (const o of head.objects ?? []) into.set(keyOf(o.res, o.obj), o);
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] === '') continue;
      const o = JSON.parse(lines[i]!) as { res: string; obj: KubeObject };
      into.set(keyOf(o.res, o.obj), o);
    }
    return head.rv;
  }

  /** Segments in order; a log from before segments (`wal.log`) counts as segment 0. */
  private segments(): Array<{ name: string; seq: number }> {
    const out: Array<{ name: string; seq: number }> = [];
    for (const name of fs.readdirSync(this.dir)) {
      const m = SEGMENT.exec(name);
      if (m) out.push({ name, seq: Number(m[1]) });
      else if (name === 'wal.log') out.push({ name, seq: 0 });
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Applies each good record. A bad record with only bad bytes after it is a
   * torn tail: cut off (nothing from it on was acknowledged). A bad record
   * with a good one after it throws WalCorruptError.
   */
  private replaySegment(file: string, apply: (rec: WalRecord) => void): { torn: boolean } {
    const buf = fs.readFileSync(file);
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos);
      const rec = nl >= 0 ? decodeRecord(buf.subarray(pos, nl)) : undefined;
      if (!rec) {
        if (hasGoodRecordAfter(buf, nl)) throw new WalCorruptError(file, pos);
        fs.truncateSync(file, pos);
        return { torn: true };
      }
      apply(rec);
      pos = nl + 1;
    }
    return { torn: false };
  }

  /** Supplies the full state for compaction; called by the store once loaded. */
  setSnapshotSource(source: () => SnapshotState): void {
    this.snapshotSource = source;
  }

  /** Queues a record; resolves once it is on disk. */
  append(rec: WalRecord): Promise<void> {
    return this.appendEncoded(rec.rv, rec.op, rec.res, JSON.stringify(rec.obj));
  }

  /** Like append, with the object already serialised (the store reuses that text for watchers). */
  appendEncoded(rv: number, op: WalRecord['op'], res: string, objectJson: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    if (this.broken) return Promise.reject(this.broken);
    const line = encodeRecord(rv, op, res, objectJson);
    return new Promise((resolve, reject) => {
      this.queue.push({ line, bytes: Buffer.byteLength(line), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts the next batch unless a write is in progress, too many fsyncs are
   * in flight, or a segment switch is under way. A later fsync also covers
   * earlier writes to the same file, so overlapping them is safe.
   */
  private schedule(): void {
    if (this.scheduled || this.writing || this.rotating || this.inflight >= MAX_INFLIGHT_SYNCS || this.queue.length === 0) return;
    this.scheduled = true;
    // Let every write issued in this tick join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flushBatch();
    });
  }

  private async flushBatch(): Promise<void> {
    if (this.writing || this.rotating || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writing = true;
    const fd = this.fd!;
    let failure: Error | undefined = this.broken;
    if (!failure) {
      const buf = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
      try {
        await this.writeFile(fd, buf);
        this.size += buf.length;
      } catch (err) {
        failure = err as Error;
        this.undoPartialWrite(fd, failure);
      }
    }
    this.writing = false;
    this.inflight++;
    const synced = failure
      ? Promise.reject(failure)
      : new Promise<void>((res, rej) =>
          this.syncFile(fd, (e) => {
            // Pages that failed to flush may be gone while the file keeps its length: stop writing.
            if (e) this.broken ??= new WalBrokenError(e);
            return e ? rej(e) : res();
          }),
        );
    this.schedule();
    const previous = this.acknowledged;
    const done = synced
      .then(
        () => undefined,
        (err: Error) => err,
      )
      .then(async (err) => {
        await previous;
        this.inflight--;
        // A batch after a failed fsync is not acknowledged even when its own fsync passed.
        const refused = err ?? this.broken;
        if (refused) for (const p of batch) p.reject(refused);
        else {
          this.recordsSinceSnapshot += batch.length;
          for (const p of batch) {
            this.bytesSinceSnapshot += p.bytes;
            p.resolve();
          }
        }
      });
    this.acknowledged = done;
    await done;
    if (this.compactionDue() && !this.broken && !this.snapshotting && !this.closed) {
      this.compact().catch((err: Error) => (this.lastCompactionError = err));
    }
    this.schedule();
  }

  /** Cuts a partly written batch off so the next batch follows the last good record; refuses writes if that fails. */
  private undoPartialWrite(fd: number, cause: Error): void {
    try {
      fs.ftruncateSync(fd, this.size);
    } catch (err) {
      this.broken = new WalBrokenError(err as Error);
      return;
    }
    if (fs.fstatSync(fd).size !== this.size) this.broken = new WalBrokenError(cause);
  }

  private compactionDue(): boolean {
    return this.recordsSinceSnapshot >= this.compactEvery || this.bytesSinceSnapshot >= this.compactBytes;
  }

  /** Switches to a new segment, snapshots the state of that moment, then drops older segments. */
  compact(): Promise<void> {
    if (!this.snapshotSource || this.fd === undefined) return Promise.resolve();
    if (this.snapshotting) return this.snapshotting;
    const run = async (): Promise<void> => {
      this.rotating = true;
      let oldFd: number;
      let state: SnapshotState;
      let oldAcks: Promise<void>;
      try {
        while (this.writing) await new Promise((r) => setImmediate(r));
        oldFd = this.fd!;
        this.seq++;
        this.fd = this.openSegment(this.seq);
        this.size = fs.fstatSync(this.fd).size;
        // Everything applied in memory so far, including records still queued for the new segment.
        state = this.snapshotSource!();
        this.recordsSinceSnapshot = 0;
        this.bytesSinceSnapshot = 0;
        oldAcks = this.acknowledged;
      } finally {
        this.rotating = false;
        this.schedule();
      }
      await this.writeSnapshot(state);
      await oldAcks.catch(() => undefined);
      fs.closeSync(oldFd);
      for (const seg of this.segments()) if (seg.seq < this.seq) await fsp.rm(path.join(this.dir, seg.name), { force: true });
    };
    this.snapshotting = run().finally(() => {
      this.snapshotting = undefined;
      // Records that came while this snapshot was written were not checked against the threshold
      // (one compaction at a time): check now, even while closing, which waits for this one too.
      if (this.compactionDue() && !this.broken) this.compact().catch((err: Error) => (this.lastCompactionError = err));
    });
    return this.snapshotting;
  }

  private async writeSnapshot(state: SnapshotState): Promise<void> {
    const tmp = path.join(this.dir, `${SNAPSHOT}.tmp`);
    const handle = await fsp.open(tmp, 'w');
    try {
      await handle.write(JSON.stringify({ rv: state.rv }) + '\n');
      for (let i = 0; i < state.objects.length; i += SNAPSHOT_CHUNK) {
        const chunk = state.objects.slice(i, i + SNAPSHOT_CHUNK).map((o) => JSON.stringify(o) + '\n');
        await handle.write(chunk.join(''));
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(tmp, path.join(this.dir, SNAPSHOT));
    await syncDir(this.dir);
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.scheduled || this.writing || this.inflight > 0 || this.queue.length > 0 || this.snapshotting) {
      await (this.snapshotting ?? new Promise((r) => setTimeout(r, 1))).catch(() => undefined);
    }
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** True when a complete good record starts after the line ending at `nl`. */
function hasGoodRecordAfter(buf: Buffer, nl: number): boolean {
  if (nl < 0) return false;
  let pos = nl + 1;
  while (pos < buf.length) {
    const next = buf.indexOf(10, pos);
    if (next < 0) return false;
    if (decodeRecord(buf.subarray(pos, next))) return true;
    pos = next + 1;
  }
  return false;
}

async function writeAll(fd: number, buf: Buffer): Promise<void> {
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
