/**
 * KubeClient against a small scripted HTTP server: credentials, query
 * strings, content types, Status errors, streams and watches.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient } from './client.js';
import { connectionFromKubeConfig } from './connection.js';
import { KubeApiError } from './errors.js';

interface Seen { method: string; url: string; type?: string | undefined; auth?: string | undefined; accept?: string | undefined; body: string }
type Reply = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let url: string;
let seen: Seen[];
let reply: Reply;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], auth: req.headers.authorization, accept: req.headers.accept, body });
      reply(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });
beforeEach(() => { seen = []; });

const json = (res: http.ServerResponse, code: number, obj: unknown): void => { res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(obj)); };
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
const client = (opts: ConstructorParameters<typeof KubeClient>[1] = {}) =>
  new KubeClient({ server: `${url}/`, credentials: async () => ({ headers: { Authorization: 'Bearer sekret' } }) }, opts);

describe('KubeClient', () => {
  it('sends JSON with credentials, drops empty query values and parses the answer', async () => {
    reply = (_q, res) => json(res, 200, { metadata: { name: 'p' } });
    const got = await client().json({ method: 'PATCH', path: '/api/v1/namespaces/ns/pods/p/status', query: { fieldManager: 'x', dryRun: undefined, e: '' }, body: { a: 1 }, contentType: 'application/merge-patch+json' });
    expect(got).toEqual({ metadata: { name: 'p' } });
    expect(seen).toEqual([{ method: 'PATCH', url: '/api/v1/namespaces/ns/pods/p/status?fieldManager=x', type: 'application/merge-patch+json', auth: 'Bearer sekret', accept: 'application/json', body: '{"a":1}' }]);
  });

  it('turns a Status answer into a KubeApiError named by `what`', async () => {
    reply = (_q, res) => json(res, 404, status(404, 'NotFound', 'pods "p" not found'));
    const err = await client().json({ method: 'GET', path: '/api/v1/namespaces/ns/pods/p', what: 'get pod ns/p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ code: 'NotFound', status: 404, reason: 'NotFound', statusMessage: 'pods "p" not found', message: 'get pod ns/p: 404 pods "p" not found' });
  });

  it('says which server and kubeconfig it could not reach', async () => {
    const c = new KubeClient({ server: 'http://127.0.0.1:1', origin: '/tmp/kc' });
    const err = await c.json({ method: 'GET', path: '/api' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Network', transient: true });
    expect((err as Error).message).toMatch(/^GET \/api: cannot reach http:\/\/127\.0\.0\.1:1 \(\/tmp\/kc\): .*ECONNREFUSED/);
  });

  it('times out a request that gets no answer, as a transient Network error', async () => {
    reply = () => undefined;
    const err = await client({ timeoutMs: 50 }).json({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Network', transient: true, message: 'GET /slow: timed out after 50 ms' });
  });

  it('streams a raw body accepting any type', async () => {
    reply = (_q, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('line 1\nline 2\n'); };
    const res = await client().stream({ method: 'GET', path: '/api/v1/namespaces/ns/pods/p/log', query: { follow: true } });
    let text = '';
    for await (const c of res) text += c;
    expect(text).toBe('line 1\nline 2\n');
    expect(seen[0]).toMatchObject({ url: '/api/v1/namespaces/ns/pods/p/log?follow=true', accept: '*/*' });
  });

  it('stops a watch when onEvent returns false, and lets what onEvent throws through unchanged', async () => {
    reply = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (const n of ['a', 'b', 'c']) res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: n } } })}\n`);
    };
    const names: string[] = [];
    const how = await client().watch<{ metadata: { name: string } }>({ method: 'GET', path: '/api/v1/pods' }, (_t, o) => { names.push(o.metadata.name); return o.metadata.name !== 'b'; });
    expect(how).toBe('stopped');
    expect(names).toEqual(['a', 'b']);
    expect(seen[0]!.url).toBe('/api/v1/pods?watch=true');
    class Mine extends Error {}
    const err = await client().watch({ method: 'GET', path: '/api/v1/pods' }, () => { throw new Mine('stop here'); }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Mine);
  });

  it('reads credentials through client-node style kubeconfigs, refreshed rather than per request', async () => {
    let applied = 0;
    const kc = {
      getCurrentCluster: () => ({ server: url }),
      applyToHTTPSOptions: async (o: { headers?: Record<string, string>; auth?: string }) => { applied++; o.auth = 'me:pw'; },
    };
    reply = (_q, res) => json(res, 200, {});
    const c = new KubeClient(connectionFromKubeConfig(kc));
    await c.json({ method: 'GET', path: '/a' });
    await c.json({ method: 'GET', path: '/b' });
    expect(seen.map((s) => s.auth)).toEqual([`Basic ${Buffer.from('me:pw').toString('base64')}`, `Basic ${Buffer.from('me:pw').toString('base64')}`]);
    expect(applied).toBe(1);
  });
});
