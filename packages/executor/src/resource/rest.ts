/**
 * Plain JSON requests to the API server, for what KubernetesObjectApi cannot express:
 * discovery by resource name and patches whose body is not an object (JSON patch lists).
 * @kubernetes/client-node supplies only the kubeconfig's auth headers and TLS agent.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** An API answer outside 2xx; `code` and `body` have the shape of client-node's ApiException. */
export class KubeRequestError extends Error {
  constructor(readonly code: number, readonly body: unknown, message: string) {
    super(message);
  }
}

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  contentType?: string;
  query?: Record<string, string>;
}

/** Sends one request and returns the parsed JSON answer; non-2xx answers throw KubeRequestError. */
export async function kubeJson(kc: KubeConfig, req: KubeRequest, signal?: AbortSignal): Promise<unknown> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new KubeRequestError(0, undefined, 'kubeconfig has no current cluster');
  const url = new URL(server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = { Accept: 'application/json' };
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const data = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  if (data) Object.assign(headers, { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': String(data.length) });
  const mod = url.protocol === 'https:' ? https : http;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const r = mod.request(url, { method: req.method, headers, ...(opts.agent ? { agent: opts.agent } : {}), ...(signal ? { signal } : {}) }, resolve);
    r.on('error', (e) => reject(new KubeRequestError(0, undefined, `${req.method} ${url.pathname}: ${e.message}`)));
    r.end(data);
  });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const status = res.statusCode ?? 0;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // A non-JSON answer (a proxy's HTML error page) is kept as text for the message.
  }
  if (status >= 200 && status < 300) return parsed;
  const message = (parsed as { message?: string })?.message ?? text;
  throw new KubeRequestError(status, parsed, `${req.method} ${url.pathname}: ${status} ${message}`);
}
