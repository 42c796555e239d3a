/**
 * The one HTTP client for the Kubernetes API, used by the controller, the
 * executor, the kubelet and the CLI: JSON requests, NDJSON watches and raw
 * streams (logs) over node:http(s). Plain JSON on purpose: list results and
 * watch events keep one shape (client-node's typed APIs turn timestamps into
 * Dates, its watch does not), and the hot paths (kubelet status writes, CLI
 * cold start) skip client-node's cost (decision 0002). Non-2xx answers and
 * network failures become KubeApiError; the client never retries (callers
 * that want retries use retryTransient, the one retry loop).
 */
import http from 'node:http';
import { createInterface } from 'node:readline';
import type { KubeConnection, KubeCredentials, KubeTls } from './connection.js';
import { KubeApiError, networkError, statusError, type KubeStatus } from './errors.js';

export type PatchType = 'merge' | 'json' | 'strategic';

/** kubectl's `--type` values (its default first) and the content type each is sent as. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/api/v1/namespaces/ns/pods/p/status`. */
  path: string;
  /** Empty and undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Names the request in error messages (default `<METHOD> <path>`). */
  what?: string;
}

export interface KubeClientOptions {
  /** Per-request timeout (not watches or streams). */
  timeoutMs?: number;
  /** Client-side rate limit (Argo's --qps/--burst). */
  limiter?: { take(): Promise<void> };
  /**
   * Keep connections alive between requests (default true). A CLI turns it
   * off: an idle pooled socket would hold a finished process open.
   */
  keepAlive?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export class KubeClient {
  private readonly base: string;
  private readonly agents = new WeakMap<KubeTls, http.Agent>();
  private plainAgent: http.Agent | undefined;

  constructor(readonly connection: KubeConnection, private readonly opts: KubeClientOptions = {}) {
    this.base = connection.server.replace(/\/+$/, '');
  }

  /** A JSON request; resolves to the parsed answer (`{}` for an empty body). */
  async json<T>(req: KubeRequest, signal?: AbortSignal): Promise<T> {
    const what = describe(req);
    const res = await this.open(req, 'application/json', signal, true);
    const text = await readAll(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw statusError(status, text, what);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new KubeApiError(status, `${what}: the server answered something that is not JSON`, 'BadResponse', { statusMessage: 'the server answered something that is not JSON' });
    }
  }

  /**
   * The response as it came, whatever its status: for a caller that passes the
   * API server's own answer on (the Argo Server relays Status bodies).
   */
  raw(req: KubeRequest, signal?: AbortSignal): Promise<http.IncomingMessage> {
    return this.open(req, 'application/json', signal, !signal);
  }

  /** A streaming GET (logs); the caller consumes the body. */
  async stream(req: KubeRequest, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const res = await this.open(req, '*/*', signal, false);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw statusError(status, await readAll(res), describe(req));
    return res;
  }

  /**
   * A watch (`watch=true` is added): calls `onEvent` for each event until the
   * server ends the stream ('ended'), `onEvent` returns false or `signal`
   * aborts ('stopped'). An ERROR event becomes the KubeApiError of its Status
   * (410 Gone: re-list); what `onEvent` throws propagates unchanged.
   */
  async watch<T>(
    req: KubeRequest,
    onEvent: (type: WatchEventType, obj: T) => void | boolean,
    signal?: AbortSignal,
  ): Promise<'ended' | 'stopped'> {
    const what = `watch ${req.path}`;
    if (signal?.aborted) return 'stopped';
    let res: http.IncomingMessage;
    try {
      res = await this.stream({ ...req, what, query: { watch: 'true', ...req.query } }, signal);
    } catch (e) {
      if (signal?.aborted) return 'stopped';
      throw e;
    }
    let stopped = false;
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        let ev: { type?: WatchEventType | 'ERROR'; object?: unknown };
        try { ev = JSON.parse(line); } catch { continue; }
        if (!ev.type || !ev.object) continue;
        if (ev.type === 'ERROR') {
          const s = ev.object as KubeStatus;
          throw new KubeApiError(s.code ?? 500, `${what}: ${s.message ?? 'error event'}`, s.reason, { statusMessage: s.message ?? 'error event', body: s });
        }
        let result: void | boolean;
        try {
          result = onEvent(ev.type, ev.object as T);
        } catch (e) {
          throw new CallerError(e);
        }
        if (result === false) { stopped = true; break; }
      }
    } catch (e) {
      if (e instanceof CallerError) throw e.inner;
      if (signal?.aborted) return 'stopped';
      if (e instanceof KubeApiError) throw e;
      throw networkError(what, (e as Error).message);
    } finally {
      lines.close();
      res.destroy();
    }
    return stopped || signal?.aborted ? 'stopped' : 'ended';
  }

  private async open(req: KubeRequest, accept: string, signal: AbortSignal | undefined, timed: boolean): Promise<http.IncomingMessage> {
    await this.opts.limiter?.take();
    const what = describe(req);
    let creds: KubeCredentials | undefined;
    try {
      creds = await this.connection.credentials?.();
    } catch (e) {
      throw new KubeApiError(401, `${what}: cannot get credentials: ${(e as Error).message}`, 'Unauthorized');
    }
    const u = new URL(this.base + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    const data = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: Record<string, string> = { ...creds?.headers, Accept: accept };
    if (data) Object.assign(headers, { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': String(data.length) });
    const isHttps = u.protocol === 'https:';
    // node:https (and tls) load only when needed: the CLI's cold start against a local http cluster skips them.
    const mod = isHttps ? await import('node:https') : http;
    const agent = creds?.agent ?? this.agentFor(mod, creds?.tls);
    return new Promise((resolve, reject) => {
      const r = mod.request(u, { method: req.method, headers, agent, ...(signal ? { signal } : {}) }, resolve);
      r.on('error', (e) => {
        const where = this.connection.origin ? `cannot reach ${this.connection.server} (${this.connection.origin}): ` : '';
        reject(networkError(what, `${where}${e.message}`));
      });
      if (timed && this.opts.timeoutMs) r.setTimeout(this.opts.timeoutMs, () => r.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`)));
      r.end(data);
    });
  }

  /** One pooled agent per TLS setting (false: a fresh connection per request when keep-alive is off). */
  private agentFor(mod: typeof http | typeof import('node:https'), tls: KubeTls | undefined): http.Agent | false {
    const keepAlive = this.opts.keepAlive ?? true;
    if (mod === http) {
      if (!keepAlive) return false;
      this.plainAgent ??= new http.Agent({ keepAlive: true, maxSockets: 16 });
      return this.plainAgent;
    }
    const key = tls ?? NO_TLS;
    let a = this.agents.get(key);
    if (!a) {
      a = new (mod as typeof import('node:https')).Agent({ keepAlive, ...(keepAlive ? { maxSockets: 16 } : {}), ...tls });
      this.agents.set(key, a);
    }
    return a;
  }
}

const NO_TLS: KubeTls = {};

/** Wraps what a watch's `onEvent` throws so it is not mistaken for a stream error. */
class CallerError {
  constructor(readonly inner: unknown) {}
}

function describe(req: KubeRequest): string {
  return req.what ?? `${req.method} ${req.path}`;
}

async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
