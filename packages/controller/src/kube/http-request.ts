/**
 * Sends one HTTP template request with node:http(s) (not fetch: fetch can
 * neither set `Host`, which Argo lets a header rewrite, nor skip TLS
 * verification per request). Like Go's default client, which Argo's agent
 * uses, it follows up to 10 redirects, turning a redirected POST into a GET
 * for 301/302/303 and dropping credentials when the host changes. The
 * timeout covers the whole exchange, body included.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HttpResponse } from '../operator/http.js';

export interface OutgoingRequest {
  method: string;
  url: string;
  /** Header pairs in order; a name may repeat. */
  headers: [string, string][];
  body?: Buffer;
  insecureSkipVerify?: boolean;
  timeoutMs: number;
  /** Bodies beyond this fail the request: the body becomes `outputs.result`, stored in the workflow's status. */
  maxBodyBytes: number;
  signal?: AbortSignal;
}

export class HttpRequestError extends Error {
  constructor(readonly code: 'Timeout' | 'Aborted' | 'BodyTooLarge' | 'InvalidURL' | 'TooManyRedirects' | 'Network', message: string) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'www-authenticate', 'cookie', 'cookie2']);

/** Go's canonical header form (`content-type` → `Content-Type`), which Argo's conditions are written against. */
export function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function headersOf(res: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) (out[canonicalHeader(raw[i]!)] ??= []).push(raw[i + 1]!);
  return out;
}

interface Hop { method: string; url: URL; headers: [string, string][]; body: Buffer | undefined }

function once(hop: Hop, req: OutgoingRequest, signal: AbortSignal): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of hop.headers) {
      // Node takes Host as one string; Go's client uses the last value given.
      if (k.toLowerCase() === 'host') headers[k] = v;
      else ((headers[k] ??= []) as string[]).push(v);
    }
    if (hop.body?.length && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(hop.body.length);
    const send = hop.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = send(hop.url, { method: hop.method, headers, signal, ...(hop.url.protocol === 'https:' ? { rejectUnauthorized: !req.insecureSkipVerify } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBodyBytes) {
          res.destroy();
          reject(new HttpRequestError('BodyTooLarge', `response body exceeds ${req.maxBodyBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(hop.body?.length ? hop.body : undefined);
  });
}

function redirectHop(prev: Hop, res: IncomingMessage): Hop {
  const url = new URL(res.headers.location!, prev.url);
  const toGet = res.statusCode !== 307 && res.statusCode !== 308 && prev.method !== 'GET' && prev.method !== 'HEAD';
  const sameHost = url.host === prev.url.host;
  const headers = prev.headers.filter(([k]) => {
    const lower = k.toLowerCase();
    if (toGet && (lower === 'content-length' || lower === 'content-type')) return false;
    return sameHost || (!CREDENTIAL_HEADERS.has(lower) && lower !== 'host');
  });
  return { method: toGet ? 'GET' : prev.method, url, headers, body: toGet ? undefined : prev.body };
}

/** Performs the request; rejects with an HttpRequestError (or the socket's error) when there is no response. */
export async function sendRequest(req: OutgoingRequest): Promise<HttpResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new HttpRequestError('InvalidURL', `invalid url ${JSON.stringify(req.url)}: expected an absolute http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpRequestError('InvalidURL', `unsupported protocol scheme "${url.protocol.slice(0, -1)}" in url ${JSON.stringify(req.url)}: expected http or https`);
  }
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let hop: Hop = { method: req.method, url, headers: req.headers, body: req.body };
  try {
    for (let redirects = 0; ; redirects++) {
      const { res, body } = await once(hop, req, signal);
      const status = res.statusCode ?? 0;
      if (!REDIRECTS.has(status) || !res.headers.location) return { statusCode: status, headers: headersOf(res), body: body.toString('utf8') };
      if (redirects >= 10) throw new HttpRequestError('TooManyRedirects', 'stopped after 10 redirects');
      hop = redirectHop(hop, res);
    }
  } catch (e) {
    if (timeout.aborted) throw new HttpRequestError('Timeout', `no response within ${req.timeoutMs / 1000}s (timeoutSeconds)`);
    if (req.signal?.aborted) throw new HttpRequestError('Aborted', 'the controller stopped before the response arrived');
    if (e instanceof HttpRequestError) throw e;
    throw new HttpRequestError('Network', (e as Error).message);
  }
}
