/**
 * A small HTTP(S) transport to the Kubernetes API: JSON requests, NDJSON
 * watch streams and raw (log) streams. node:http(s) instead of client-node
 * keeps `argo list` cold start low.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';
import { readFileSync } from 'node:fs';
import { apiError, CliError } from '../errors.js';
import type { Connection } from './kubeconfig.js';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Describes the request in error messages, e.g. `get workflow argo/x`. */
  what: string;
}

export class Transport {
  private authHeader: string | undefined;
  private delegated = false;

  constructor(readonly conn: Connection) {}

  private async headers(): Promise<Record<string, string>> {
    if (this.conn.delegate && !this.delegated) await this.resolveDelegate();
    const h: Record<string, string> = { Accept: 'application/json' };
    if (this.authHeader) h.Authorization = this.authHeader;
    else if (this.conn.token) h.Authorization = `Bearer ${this.conn.token}`;
    else if (this.conn.tokenFile) h.Authorization = `Bearer ${readFileSync(this.conn.tokenFile, 'utf8').trim()}`;
    else if (this.conn.basicAuth) h.Authorization = `Basic ${this.conn.basicAuth}`;
    return h;
  }

  /** exec / auth-provider credentials: let client-node compute them once. */
  private async resolveDelegate(): Promise<void> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    const d = this.conn.delegate!;
    kc.loadFromFile(d.kubeconfigPaths[0]!);
    kc.setCurrentContext(d.context);
    const opts: { headers?: Record<string, string> } = { headers: {} };
    await kc.applyToHTTPSOptions(opts as any);
    const auth = opts.headers?.Authorization ?? opts.headers?.authorization;
    if (auth) this.authHeader = auth;
    this.delegated = true;
  }

  private url(path: string, query?: RequestSpec['query']): URL {
    const u = new URL(this.conn.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u;
  }

  private async open(spec: RequestSpec, accept?: string): Promise<IncomingMessage> {
    const u = this.url(spec.path, spec.query);
    const headers = await this.headers();
    if (accept) headers.Accept = accept;
    let payload: Buffer | undefined;
    if (spec.body !== undefined) {
      payload = Buffer.from(JSON.stringify(spec.body));
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const isHttps = u.protocol === 'https:';
    const mod = isHttps ? await import('node:https') : await import('node:http');
    // No keep-alive agent: an idle pooled socket would hold a finished CLI open.
    const options: RequestOptions & Record<string, unknown> = { method: spec.method, headers, agent: false };
    if (isHttps) {
      options.ca = this.conn.ca;
      options.cert = this.conn.cert;
      options.key = this.conn.key;
      options.rejectUnauthorized = !this.conn.insecureSkipTLSVerify;
    }
    return new Promise((resolvePromise, reject) => {
      const req = mod.request(u, options, resolvePromise);
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(new CliError('unreachable', `${spec.what}: cannot reach ${this.conn.server} (${this.conn.origin}): ${err.message}`, { transient: true }));
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  private static async readAll(res: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** A JSON request; non-2xx answers become a CliError carrying the Status message. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.open(spec);
    const text = await Transport.readAll(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(status, text, spec.what);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new CliError('api-error', `${spec.what}: the server answered something that is not JSON`);
    }
  }

  /** A streaming GET (logs); the caller consumes the body. */
  async stream(spec: RequestSpec): Promise<IncomingMessage> {
    const res = await this.open(spec, '*/*');
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(status, await Transport.readAll(res), spec.what);
    return res;
  }

  /**
   * A watch: calls `onEvent` for each `{type, object}` line until the server
   * ends the stream or `signal` aborts. Resolves when the stream ends.
   */
  async watch(spec: RequestSpec, onEvent: (ev: { type: string; object: any }) => void | boolean, signal?: AbortSignal): Promise<'ended' | 'stopped'> {
    const res = await this.stream({ ...spec, query: { ...spec.query, watch: true } });
    let buf = '';
    let stopped = false;
    const onAbort = () => { stopped = true; res.destroy(); };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of res) {
        buf += (chunk as Buffer).toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const ev = JSON.parse(line) as { type: string; object: any };
          if (onEvent(ev) === false) { stopped = true; res.destroy(); break; }
        }
        if (stopped) break;
      }
    } catch (err) {
      if (!stopped) throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return stopped ? 'stopped' : 'ended';
  }
}
