/**
 * The local cluster's object store: every object of every resource, one
 * global integer resourceVersion, indexes by resource/namespace/name, by
 * label and by owner uid, a bounded event history for watches, and a
 * write-ahead log so acknowledged writes survive a restart.
 *
 * Objects handed to `put` become the store's; objects returned by reads must
 * not be mutated (clone first). Memory is updated at once so that later
 * requests see the write; watchers receive events only after the write is
 * durable, synchronously and in resourceVersion order.
 */
import * as fs from 'node:fs';
import { ApiError } from './errors.js';
import { lockStateDir } from './lock.js';
import { EventHistory } from './history.js';
import { WriteAheadLog, type SyncFile, type WriteFile } from './wal.js';
import { objectKey, type KubeObject, type StoreEvent, type WatchEventType } from './types.js';

export interface StoreOptions {
  /** Directory for the snapshot and the write-ahead log. */
  dir: string;
  /** Events kept for watches that resume from a resourceVersion (default 10,000). */
  historySize?: number;
  /** Approximate memory bound for that history (default 256 MiB); whichever limit is hit first evicts. */
  historyBytes?: number;
  /** Log records between snapshots (default 20,000). */
  compactEvery?: number;
  /** Log bytes between snapshots (default 64 MiB). */
  compactBytes?: number;
  /** Replaces the log's disk write (fault-injection tests). */
  writeFile?: WriteFile;
  /** The log's data flush (tests inject failures). */
  syncFile?: SyncFile;
}

export interface Watcher {
  res: string;
  /** Only this namespace; undefined = all. */
  namespace?: string;
  /** Deliver only events with rv greater than this. */
  minRv: number;
  onEvent(ev: StoreEvent): void;
}

export interface WriteResult {
  object: KubeObject;
  type: WatchEventType;
  /** Resolves once the write is on disk (and watchers have been told). */
  durable: Promise<void>;
}

const SEP = '\u0000';

export class Store {
  private rv: number;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly labels = new Map<string, Map<string, Set<string>>>();
  private readonly owners = new Map<string, Set<string>>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  private readonly history: EventHistory;
  private readonly wal: WriteAheadLog;
  /** Set when loading found and discarded a partial last log record. */
  readonly recoveredTornTail: boolean;

  private readonly unlock: () => void;

  constructor(opts: StoreOptions) {
    fs.mkdirSync(opts.dir, { recursive: true });
    this.unlock = lockStateDir(opts.dir);
    this.wal = new WriteAheadLog(opts.dir, { compactEvery: opts.compactEvery ?? 20_000, compactBytes: opts.compactBytes, writeFile: opts.writeFile, syncFile: opts.syncFile });
    let loaded: ReturnType<WriteAheadLog['load']>;
    try {
      loaded = this.wal.load();
    } catch (err) {
      this.unlock();
      throw err;
    }
    this.rv = loaded.rv;
    this.recoveredTornTail = loaded.tornTail;
    for (const { res, obj } of loaded.objects) this.index(res, obj);
    this.history = new EventHistory(opts.historySize ?? 10_000, this.rv, opts.historyBytes ?? 256 * 1024 * 1024);
    this.wal.setSnapshotSource(() => ({ rv: this.rv, objects: this.all() }));
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  get oldestWatchableVersion(): number {
    return this.history.floor;
  }

  get(res: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(res)?.get(objectKey(namespace, name));
  }

  /** Objects of a resource, optionally in one namespace, narrowed by label equality terms. */
  list(res: string, namespace?: string, labelEquals: Array<[string, string]> = []): KubeObject[] {
    const all = this.objects.get(res);
    if (!all) return [];
    let narrowed: Set<string> | undefined;
    const byLabel = this.labels.get(res);
    for (const [k, v] of labelEquals) {
      const set = byLabel?.get(k + SEP + v);
      if (!set) return [];
      if (!narrowed || set.size < narrowed.size) narrowed = set;
    }
    const keys: Iterable<string> = narrowed ?? all.keys();
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const out: KubeObject[] = [];
    for (const key of keys) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      const obj = all.get(key);
      if (obj) out.push(obj);
    }
    out.sort((a, b) => compareKeys(a, b));
    return out;
  }

  /** Objects (of any resource) naming `uid` in their ownerReferences. */
  dependents(uid: string): Array<{ res: string; object: KubeObject }> {
    const out: Array<{ res: string; object: KubeObject }> = [];
    for (const ref of this.owners.get(uid) ?? []) {
      const [res, key] = ref.split(SEP) as [string, string];
      const object = this.objects.get(res)?.get(key);
      if (object) out.push({ res, object });
    }
    return out;
  }

  /** Creates or replaces an object, assigning the next resourceVersion. */
  put(res: string, obj: KubeObject): WriteResult {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = this.objects.get(res)?.get(key);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    if (previous) this.unindex(res, previous);
    this.index(res, obj);
    const type: WatchEventType = previous ? 'MODIFIED' : 'ADDED';
    const json = JSON.stringify(obj);
    const ev: StoreEvent = { type, res, rv, object: obj, previous, json };
    const durable = this.wal.appendEncoded(rv, 'put', res, json).then(() => this.deliver(ev));
    return { object: obj, type, durable };
  }

  /** Removes an object for good; the DELETED event carries a new resourceVersion. */
  remove(res: string, obj: KubeObject): WriteResult {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = this.objects.get(res)?.get(key);
    if (!previous) throw new ApiError('NotFound', `${res} "${obj.metadata.name}" not found`);
    const rv = ++this.rv;
    const gone: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.unindex(res, previous);
    const json = JSON.stringify(gone);
    const ev: StoreEvent = { type: 'DELETED', res, rv, object: gone, previous, json };
    const durable = this.wal.appendEncoded(rv, 'del', res, json).then(() => this.deliver(ev));
    return { object: gone, type: 'DELETED', durable };
  }

  /**
   * Registers a watcher after replaying history newer than `minRv`.
   * Throws 410 Expired when that history is gone.
   */
  watch(w: Watcher, replay: boolean): () => void {
    if (replay) {
      if (w.minRv < this.history.floor) {
        throw new ApiError('Expired', `too old resource version: ${w.minRv} (${this.history.floor})`);
      }
      for (const ev of this.history.since(w.minRv)) {
        if (ev.res === w.res && (w.namespace === undefined || ev.object.metadata.namespace === w.namespace)) w.onEvent(ev);
      }
      // Later events (including ones applied in memory but not yet durable) arrive through deliver().
    }
    let set = this.watchers.get(w.res);
    if (!set) this.watchers.set(w.res, (set = new Set()));
    set.add(w);
    return () => set.delete(w);
  }

  /** Calls `fn` for every durable event of every resource (the garbage collector uses this). */
  onEvent(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Number of open watchers (for tests and metrics). */
  get watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  /** Flushes pending writes and closes the log. */
  async close(): Promise<void> {
    try {
      await this.wal.close();
    } finally {
      this.unlock();
    }
  }

  /** Forces a snapshot now (tests, shutdown). */
  compact(): Promise<void> {
    return this.wal.compact();
  }

  private deliver(ev: StoreEvent): void {
    this.history.push(ev);
    for (const fn of this.listeners) fn(ev);
    const set = this.watchers.get(ev.res);
    if (!set) return;
    for (const w of set) {
      if (ev.rv <= w.minRv) continue;
      if (w.namespace !== undefined && ev.object.metadata.namespace !== w.namespace) continue;
      try {
        w.onEvent(ev);
      } catch {
        set.delete(w);
      }
    }
  }

  private all(): Array<{ res: string; obj: KubeObject }> {
    const out: Array<{ res: string; obj: KubeObject }> = [];
    for (const [res, m] of this.objects) for (const obj of m.values()) out.push({ res, obj });
    return out;
  }

  private index(res: string, obj: KubeObject): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    let m = this.objects.get(res);
    if (!m) this.objects.set(res, (m = new Map()));
    m.set(key, obj);
    let byLabel = this.labels.get(res);
    if (!byLabel) this.labels.set(res, (byLabel = new Map()));
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
      let set = byLabel.get(k + SEP + v);
      if (!set) byLabel.set(k + SEP + v, (set = new Set()));
      set.add(key);
    }
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.owners.get(ref.uid);
      if (!set) this.owners.set(ref.uid, (set = new Set()));
      set.add(res + SEP + key);
    }
  }

  private unindex(res: string, obj: KubeObject): void {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    this.objects.get(res)?.delete(key);
    const byLabel = this.labels.get(res);
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
      const set = byLabel?.get(k + SEP + v);
      set?.delete(key);
      if (set && set.size === 0) byLabel!.delete(k + SEP + v);
    }
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = this.owners.get(ref.uid);
      set?.delete(res + SEP + key);
      if (set && set.size === 0) this.owners.delete(ref.uid);
    }
  }
}

function compareKeys(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const ma = a.metadata.name ?? '';
  const mb = b.metadata.name ?? '';
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}
