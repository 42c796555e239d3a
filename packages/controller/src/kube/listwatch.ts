/**
 * A list-then-watch cache that never gives up. @kubernetes/client-node's
 * informer stops for good on errors other than 410 and timeouts (its issues
 * #1933, #795, #958, #596); this one re-lists after any failure with
 * exponential backoff, re-watches from the last resourceVersion when a watch
 * ends normally, aborts watches that go silent, and periodically re-delivers
 * every cached object (resync) so a missed event cannot strand a workflow.
 */
import type { KubeApi, KubeObject, WatchEventType } from './api.js';
import { Backoff, sleep, type BackoffOptions } from './backoff.js';
import { errorMessage, isCode } from './errors.js';
import type { ResourceRef } from './resources.js';

export type InformerEvent = 'add' | 'update' | 'delete' | 'resync';
export type Handler<T> = (event: InformerEvent, obj: T, old?: T) => void;

export interface ListWatchOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  /** Re-deliver every cached object this often (0 disables). */
  resyncMs?: number;
  /** Server-side watch timeout; a new watch starts from the last resourceVersion. */
  watchTimeoutSeconds?: number;
  /** Abort a watch that delivered nothing for this long (covers dead connections). */
  idleTimeoutMs?: number;
  backoff?: BackoffOptions;
  log?: (msg: string) => void;
}

export function keyOf(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return ns ? `${ns}/${o.metadata?.name}` : `${o.metadata?.name}`;
}

export class ListWatch<T extends KubeObject> {
  readonly cache = new Map<string, T>();
  private readonly handlers: Handler<T>[] = [];
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private synced = false;
  private syncedWaiters: Array<() => void> = [];
  private loop?: Promise<void>;
  private resyncTimer?: NodeJS.Timeout;
  private readonly backoff: Backoff;
  /** Counters for tests and metrics. */
  readonly stats = { lists: 0, watches: 0, errors: 0 };
  private readonly indices = new Map<string, { fn: (o: T) => string | undefined; map: Map<string, Set<string>> }>();

  constructor(private readonly api: KubeApi, private readonly resource: ResourceRef, private readonly opts: ListWatchOptions = {}) {
    this.backoff = new Backoff(opts.backoff);
  }

  on(h: Handler<T>): void {
    this.handlers.push(h);
  }

  /** Maintains an index of cached objects by `fn(obj)` (e.g. pods by their workflow label). */
  addIndex(name: string, fn: (o: T) => string | undefined): void {
    const map = new Map<string, Set<string>>();
    for (const [k, o] of this.cache) add(map, fn(o), k);
    this.indices.set(name, { fn, map });
  }

  /** Cached objects whose index `name` has `value`. */
  byIndex(name: string, value: string): T[] {
    const keys = this.indices.get(name)?.map.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) { const o = this.cache.get(k); if (o) out.push(o); }
    return out;
  }

  private put(k: string, o: T): void {
    const old = this.cache.get(k);
    for (const { fn, map } of this.indices.values()) {
      if (old) remove(map, fn(old), k);
      add(map, fn(o), k);
    }
    this.cache.set(k, o);
  }

  private drop(k: string): void {
    const old = this.cache.get(k);
    if (!old) return;
    for (const { fn, map } of this.indices.values()) remove(map, fn(old), k);
    this.cache.delete(k);
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has been delivered (or when stopped). */
  waitForSync(): Promise<void> {
    if (this.synced || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((r) => this.syncedWaiters.push(r));
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
    if (this.opts.resyncMs) {
      this.resyncTimer = setInterval(() => { for (const o of this.cache.values()) this.emit('resync', o); }, this.opts.resyncMs);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const w of this.syncedWaiters.splice(0)) w();
    await this.loop;
  }

  private emit(ev: InformerEvent, obj: T, old?: T): void {
    for (const h of this.handlers) {
      try {
        h(ev, obj, old);
      } catch (e) {
        this.opts.log?.(`${this.resource.plural} handler failed: ${errorMessage(e)}`);
      }
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        const startedAt = Date.now();
        await this.watchOnce(signal);
        // A watch that ends at once again and again would spin; treat it as a failure.
        if (Date.now() - startedAt < 1000) await sleep(this.backoff.next(), signal);
        else this.backoff.reset();
      } catch (e) {
        if (signal.aborted) break;
        this.stats.errors++;
        needList = true;
        if (isCode(e, 'Gone')) {
          this.opts.log?.(`${this.resource.plural}: resourceVersion expired, re-listing`);
          continue;
        }
        const delay = this.backoff.next();
        this.opts.log?.(`${this.resource.plural}: ${errorMessage(e)}; retrying in ${delay} ms`);
        await sleep(delay, signal);
      }
    }
  }

  private async relist(): Promise<void> {
    this.stats.lists++;
    const list = await this.api.list<T>(this.resource, { namespace: this.opts.namespace, labelSelector: this.opts.labelSelector });
    const seen = new Set<string>();
    for (const o of list.items) {
      const k = keyOf(o);
      seen.add(k);
      const old = this.cache.get(k);
      this.put(k, o);
      if (!old) this.emit('add', o);
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) this.emit('update', o, old);
    }
    for (const [k, o] of this.cache) {
      if (!seen.has(k)) {
        this.drop(k);
        this.emit('delete', o);
      }
    }
    this.resourceVersion = list.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncedWaiters.splice(0)) w();
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    this.stats.watches++;
    const ctl = new AbortController();
    const onAbort = (): void => ctl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    // stop() may have run while we were listing: the listener above would never fire.
    if (signal.aborted) ctl.abort();
    const idleMs = this.opts.idleTimeoutMs ?? ((this.opts.watchTimeoutSeconds ?? 300) * 1000 + 60_000);
    let idle = setTimeout(() => ctl.abort(), idleMs);
    try {
      await this.api.watch<T>(this.resource, {
        namespace: this.opts.namespace, labelSelector: this.opts.labelSelector,
        resourceVersion: this.resourceVersion, timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
      }, (type, obj) => {
        clearTimeout(idle);
        idle = setTimeout(() => ctl.abort(), idleMs);
        this.apply(type, obj);
      }, ctl.signal);
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
    }
  }

  private apply(type: WatchEventType, obj: T): void {
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'BOOKMARK') return;
    const k = keyOf(obj);
    const old = this.cache.get(k);
    if (type === 'DELETED') {
      this.drop(k);
      this.emit('delete', obj);
      return;
    }
    this.put(k, obj);
    this.emit(old ? 'update' : 'add', obj, old);
  }
}

function add(map: Map<string, Set<string>>, v: string | undefined, k: string): void {
  if (v === undefined) return;
  let set = map.get(v);
  if (!set) { set = new Set(); map.set(v, set); }
  set.add(k);
}

function remove(map: Map<string, Set<string>>, v: string | undefined, k: string): void {
  if (v === undefined) return;
  const set = map.get(v);
  if (!set) return;
  set.delete(k);
  if (set.size === 0) map.delete(v);
}
