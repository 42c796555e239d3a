/**
 * KubeApi over HTTP(S) with node's own client. @kubernetes/client-node is used
 * only for what it does well (reading kubeconfigs, auth, TLS agents); requests
 * and watches are plain JSON so that list results and watch events have the
 * same shape (its typed APIs turn timestamps into Dates, its watch does not).
 */
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeApi, KubeObject, ListOptions, ObjectList, PatchType, WatchEventType, WatchOptions } from './api.js';
import { KubeApiError } from './errors.js';
import { pathFor, type ResourceRef } from './resources.js';

const PATCH_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

interface Prepared { agent?: http.Agent; headers: Record<string, string>; expires: number }

export interface RestOptions {
  /** Per-request timeout (not watches). */
  timeoutMs?: number;
  /** Client-side rate limit (Argo's --qps/--burst). */
  limiter?: { take(): Promise<void> };
}

export class RestKubeApi implements KubeApi {
  private prepared?: Prepared;
  private readonly server: URL;

  constructor(private readonly kc: KubeConfig, private readonly opts: RestOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  /** Auth headers and the TLS agent; refreshed every minute so exec/token credentials can rotate. */
  private async prepare(): Promise<Prepared> {
    if (this.prepared && this.prepared.expires > Date.now()) return this.prepared;
    const o: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(o);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    if (o.auth) headers.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`;
    const agent = o.agent instanceof http.Agent ? o.agent : undefined;
    this.prepared = { ...(agent ? { agent } : {}), headers, expires: Date.now() + 60_000 };
    return this.prepared;
  }

  private url(path: string, query: Record<string, string | number | undefined> = {}): URL {
    const u = new URL(this.server.toString().replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  private async send(method: string, u: URL, body?: unknown, contentType = 'application/json', signal?: AbortSignal): Promise<http.IncomingMessage> {
    await this.opts.limiter?.take();
    const p = await this.prepare();
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const mod = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(u, {
        method,
        ...(p.agent ? { agent: p.agent } : {}),
        headers: { ...p.headers, Accept: 'application/json', ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}) },
        ...(signal ? { signal } : {}),
      }, resolve);
      req.on('error', (e) => reject(new KubeApiError(0, `${method} ${u.pathname}: ${e.message}`)));
      if (this.opts.timeoutMs && !signal) req.setTimeout(this.opts.timeoutMs, () => req.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`)));
      req.end(data);
    });
  }

  /**
   * A request whose response the caller reads: log and watch streams, and
   * callers that need the API's own Status body (the Argo Server passes it on).
   */
  open(method: string, path: string, opts: { query?: Record<string, string | number | undefined>; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<http.IncomingMessage> {
    return this.send(method, this.url(path, opts.query), opts.body, opts.contentType, opts.signal);
  }

  private async call<T>(method: string, u: URL, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send(method, u, body, contentType);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return (text ? JSON.parse(text) : {}) as T;
    throw apiError(status, text, `${method} ${u.pathname}`);
  }

  async list<T extends KubeObject>(r: ResourceRef, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const body = await this.call<{ items?: T[]; metadata?: { resourceVersion?: string } }>('GET', this.url(pathFor(r, opts.namespace), { labelSelector: opts.labelSelector }));
    const kind = r.kind;
    const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
    // List items omit apiVersion/kind on real API servers; the operator expects them.
    const items = (body.items ?? []).map((i) => ({ apiVersion, kind, ...i }));
    return { items, resourceVersion: body.metadata?.resourceVersion ?? '' };
  }

  async watch<T extends KubeObject>(r: ResourceRef, opts: WatchOptions, onEvent: (type: WatchEventType, obj: T) => void, signal: AbortSignal): Promise<void> {
    const u = this.url(pathFor(r, opts.namespace), {
      watch: 'true', resourceVersion: opts.resourceVersion, labelSelector: opts.labelSelector,
      timeoutSeconds: opts.timeoutSeconds, allowWatchBookmarks: 'true',
    });
    if (signal.aborted) return;
    let res: http.IncomingMessage;
    try {
      res = await this.send('GET', u, undefined, undefined, signal);
    } catch (e) {
      if (signal.aborted) return;
      throw e;
    }
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw apiError(status, Buffer.concat(chunks).toString('utf8'), `watch ${u.pathname}`);
    }
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        let ev: { type?: WatchEventType; object?: T & { code?: number; message?: string; reason?: string } };
        try { ev = JSON.parse(line); } catch { continue; }
        if (!ev.type || !ev.object) continue;
        if (ev.type === 'ERROR') throw new KubeApiError(ev.object.code ?? 500, `watch ${u.pathname}: ${ev.object.message ?? 'error event'}`, ev.object.reason);
        onEvent(ev.type, ev.object);
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof KubeApiError) throw e;
      throw new KubeApiError(0, `watch ${u.pathname}: ${(e as Error).message}`);
    }
  }

  get<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T> {
    return this.call('GET', this.url(pathFor(r, ns, name)));
  }

  create<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: T): Promise<T> {
    return this.call('POST', this.url(pathFor(r, ns)), obj);
  }

  replace<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, obj: T, sub?: 'status'): Promise<T> {
    return this.call('PUT', this.url(pathFor(r, ns, name, sub)), obj);
  }

  patch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, patch: unknown, type: PatchType): Promise<T> {
    return this.call('PATCH', this.url(pathFor(r, ns, name)), patch, PATCH_TYPES[type]);
  }

  async delete(r: ResourceRef, ns: string | undefined, name: string): Promise<void> {
    await this.call('DELETE', this.url(pathFor(r, ns, name)), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
  }
}

function apiError(status: number, text: string, what: string): KubeApiError {
  let reason: string | undefined;
  let message = text.slice(0, 300);
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string };
    reason = s.reason;
    if (s.message) message = s.message;
  } catch { /* not a Status object */ }
  return new KubeApiError(status, `${what}: ${status} ${message}`.trim(), reason);
}
