/**
 * An in-memory KubeApi for tests: resourceVersions, optimistic concurrency,
 * the status subresource, merge patch, label selectors (`k`, `!k`, `k=v`,
 * `k!=v`), watches with history, and failure injection. Not a server: no
 * HTTP, no validation beyond what the controller relies on.
 */
import type { KubeApi, KubeObject, ListOptions, ObjectList, PatchType, WatchEventType, WatchOptions } from '../api.js';
import { KubeApiError } from '../errors.js';
import { pathFor, type ResourceRef } from '../resources.js';

type Watcher = { r: ResourceRef; opts: WatchOptions; on: (t: WatchEventType, o: KubeObject) => void; end: (e?: Error) => void };
type Call = { method: string; resource: string; namespace?: string | undefined; name?: string | undefined; body?: unknown };

export class FakeKubeApi implements KubeApi {
  private rv = 1;
  private uid = 1;
  readonly objects = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();
  private readonly failures: Array<{ method: string; plural?: string; error: Error; times: number }> = [];
  readonly calls: Call[] = [];
  /** When false, PUT .../status answers 404 like a CRD without the status subresource. */
  statusSubresource = true;

  private key(r: ResourceRef, ns: string | undefined, name: string): string {
    return pathFor(r, ns, name);
  }

  /** Makes the next `times` calls of `method` (optionally on one resource) fail with `error`. */
  failNext(method: string, error: Error, times = 1, plural?: string): void {
    this.failures.push({ method, error, times, ...(plural ? { plural } : {}) });
  }

  private check(method: string, r: ResourceRef, body?: unknown, ns?: string, name?: string): void {
    this.calls.push({ method, resource: r.plural, namespace: ns, name, body });
    const f = this.failures.find((x) => x.method === method && (!x.plural || x.plural === r.plural));
    if (!f) return;
    if (--f.times <= 0) this.failures.splice(this.failures.indexOf(f), 1);
    throw f.error;
  }

  private notify(r: ResourceRef, type: WatchEventType, o: KubeObject): void {
    for (const w of this.watchers) {
      if (w.r.plural !== r.plural) continue;
      if (w.opts.namespace && w.opts.namespace !== o.metadata?.namespace) continue;
      if (!matches(o, w.opts.labelSelector)) continue;
      w.on(type, structuredClone(o));
    }
  }

  /** Seeds an object directly (no call recorded); returns the stored copy. */
  seed<T extends KubeObject>(r: ResourceRef, obj: T): T {
    const ns = r.namespaced ? obj.metadata?.namespace ?? 'default' : undefined;
    return this.store(r, ns, obj, 'ADDED');
  }

  private store<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: T, type: WatchEventType): T {
    const o = structuredClone(obj);
    o.metadata = { ...o.metadata, resourceVersion: String(++this.rv) };
    if (ns) o.metadata.namespace = ns;
    o.metadata.uid ??= `uid-${this.uid++}`;
    this.objects.set(this.key(r, ns, o.metadata.name!), o);
    this.notify(r, type, o);
    return structuredClone(o);
  }

  async list<T extends KubeObject>(r: ResourceRef, opts: ListOptions = {}): Promise<ObjectList<T>> {
    this.check('list', r, undefined, opts.namespace);
    const base = r.group ? `/apis/${r.group}/${r.version}/` : `/api/${r.version}/`;
    const inScope = (k: string): boolean => k.startsWith(base) && k.includes(`/${r.plural}/`) && (!opts.namespace || k.startsWith(`${pathFor(r, opts.namespace)}/`));
    const items = [...this.objects.entries()]
      .filter(([k, o]) => inScope(k) && matches(o, opts.labelSelector))
      .map(([, o]) => structuredClone(o) as T);
    return { items, resourceVersion: String(this.rv) };
  }

  watch<T extends KubeObject>(r: ResourceRef, opts: WatchOptions, onEvent: (type: WatchEventType, obj: T) => void, signal: AbortSignal): Promise<void> {
    try { this.check('watch', r, undefined, opts.namespace); } catch (e) { return Promise.reject(e); }
    return new Promise((resolve, reject) => {
      const w: Watcher = {
        r, opts, on: onEvent as (t: WatchEventType, o: KubeObject) => void,
        end: (e) => { this.watchers.delete(w); if (e) reject(e); else resolve(); },
      };
      if (signal.aborted) { resolve(); return; }
      this.watchers.add(w);
      signal.addEventListener('abort', () => w.end(), { once: true });
    });
  }

  /** Ends every open watch (as a server timeout would), or fails them with `error`. */
  endWatches(error?: Error): void {
    for (const w of [...this.watchers]) w.end(error);
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  async get<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T> {
    this.check('get', r, undefined, ns, name);
    const o = this.objects.get(this.key(r, ns, name));
    if (!o) throw new KubeApiError(404, `${r.plural} "${name}" not found`, 'NotFound');
    return structuredClone(o) as T;
  }

  async create<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: T): Promise<T> {
    this.check('create', r, obj, ns, obj.metadata?.name);
    const o = structuredClone(obj);
    if (!o.metadata?.name && o.metadata?.generateName) o.metadata.name = `${o.metadata.generateName}${this.uid}`;
    if (this.objects.has(this.key(r, ns, o.metadata!.name!))) throw new KubeApiError(409, `${r.plural} "${o.metadata!.name}" already exists`, 'AlreadyExists');
    return this.store(r, ns, o, 'ADDED');
  }

  async replace<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, obj: T, sub?: 'status'): Promise<T> {
    this.check(sub ? 'replaceStatus' : 'replace', r, obj, ns, name);
    if (sub && !this.statusSubresource) throw new KubeApiError(404, 'the server could not find the requested resource', 'NotFound');
    const cur = this.objects.get(this.key(r, ns, name));
    if (!cur) throw new KubeApiError(404, `${r.plural} "${name}" not found`, 'NotFound');
    if (obj.metadata?.resourceVersion && obj.metadata.resourceVersion !== cur.metadata?.resourceVersion) {
      throw new KubeApiError(409, `Operation cannot be fulfilled on ${r.plural} "${name}": the object has been modified`, 'Conflict');
    }
    const next: KubeObject = sub
      ? { ...structuredClone(cur), status: structuredClone(obj.status) }
      : this.statusSubresource ? { ...structuredClone(obj), status: structuredClone(cur.status) } : structuredClone(obj);
    if (next.status === undefined) delete next.status;
    next.metadata = { ...next.metadata, uid: cur.metadata?.uid };
    return this.store(r, ns, next, 'MODIFIED') as T;
  }

  async patch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, patch: unknown, type: PatchType): Promise<T> {
    this.check('patch', r, patch, ns, name);
    if (type === 'json') throw new Error('FakeKubeApi supports merge patches only');
    const cur = this.objects.get(this.key(r, ns, name));
    if (!cur) throw new KubeApiError(404, `${r.plural} "${name}" not found`, 'NotFound');
    return this.store(r, ns, mergePatch(structuredClone(cur), patch) as KubeObject, 'MODIFIED') as T;
  }

  async delete(r: ResourceRef, ns: string | undefined, name: string): Promise<void> {
    this.check('delete', r, undefined, ns, name);
    const k = this.key(r, ns, name);
    const cur = this.objects.get(k);
    if (!cur) throw new KubeApiError(404, `${r.plural} "${name}" not found`, 'NotFound');
    this.objects.delete(k);
    this.notify(r, 'DELETED', { ...cur, metadata: { ...cur.metadata, resourceVersion: String(++this.rv) } });
  }

  /** Stored objects of a resource (test inspection). */
  all<T extends KubeObject>(r: ResourceRef): T[] {
    return [...this.objects.entries()].filter(([k]) => k.includes(`/${r.plural}/`) && k.startsWith(r.group ? `/apis/${r.group}/` : '/api/')).map(([, o]) => o as T);
  }
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function matches(o: KubeObject, selector?: string): boolean {
  if (!selector) return true;
  const labels = o.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const t = term.trim();
    let m = /^([^!=]+)!=(.*)$/.exec(t);
    if (m) return labels[m[1]!.trim()] !== m[2]!.trim();
    m = /^([^!=]+)==?(.*)$/.exec(t);
    if (m) return labels[m[1]!.trim()] === m[2]!.trim();
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    return t in labels;
  });
}
