/**
 * RestKubeApi against a small scripted HTTP server: paths, verbs, content
 * types, auth header, list shape, watch streaming, and error classification.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { RestKubeApi } from './rest.js';
import { KubeApiError } from './errors.js';
import { Resources } from './resources.js';
import type { WatchEventType } from './api.js';

interface Seen { method: string; url: string; type?: string | undefined; auth?: string | undefined; body: string }
type Reply = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

let server: http.Server;
let seen: Seen[];
let reply: Reply;
let api: RestKubeApi;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], auth: req.headers.authorization, body });
      reply(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'sekret' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  api = new RestKubeApi(kc);
});
afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });
beforeEach(() => { seen = []; });

const json = (res: http.ServerResponse, code: number, obj: unknown): void => { res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(obj)); };
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('RestKubeApi', () => {
  it('lists with a label selector, adding apiVersion/kind to items, with the bearer token', async () => {
    reply = (_q, res) => json(res, 200, { kind: 'WorkflowList', metadata: { resourceVersion: '42' }, items: [{ metadata: { name: 'a' } }] });
    const list = await api.list(Resources.workflows, { namespace: 'argo', labelSelector: 'a=b' });
    expect(list).toEqual({ resourceVersion: '42', items: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'a' } }] });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?labelSelector=a%3Db', auth: 'Bearer sekret' });
  });

  it('uses core paths, cluster-wide lists, POST/PUT status/merge PATCH/DELETE', async () => {
    reply = (_q, res) => json(res, 200, { metadata: { name: 'x' } });
    await api.list(Resources.pods);
    await api.create(Resources.pods, 'ns', { metadata: { name: 'p' } });
    await api.replace(Resources.workflows, 'ns', 'w', { metadata: { name: 'w', resourceVersion: '5' } }, 'status');
    await api.patch(Resources.pods, 'ns', 'p', { metadata: { labels: { a: 'b' } } }, 'merge');
    await api.delete(Resources.pods, 'ns', 'p');
    await api.get(Resources.clusterWorkflowTemplates, undefined, 'c');
    expect(seen.map((s) => `${s.method} ${s.url} ${s.type ?? ''}`)).toEqual([
      'GET /api/v1/pods ',
      'POST /api/v1/namespaces/ns/pods application/json',
      'PUT /apis/argoproj.io/v1alpha1/namespaces/ns/workflows/w/status application/json',
      'PATCH /api/v1/namespaces/ns/pods/p application/merge-patch+json',
      'DELETE /api/v1/namespaces/ns/pods/p application/json',
      'GET /apis/argoproj.io/v1alpha1/clusterworkflowtemplates/c ',
    ]);
    expect(JSON.parse(seen[2]!.body).metadata.resourceVersion).toBe('5');
  });

  it.each<[number, string, string]>([
    [404, 'NotFound', 'NotFound'], [409, 'AlreadyExists', 'AlreadyExists'], [409, 'Conflict', 'Conflict'],
    [422, 'Invalid', 'Invalid'], [500, 'InternalError', 'ServerError'], [429, 'TooManyRequests', 'TooManyRequests'],
  ])('classifies %d %s as %s', async (code, reason, want) => {
    reply = (_q, res) => json(res, code, status(code, reason, `it is ${reason}`));
    const err = await api.get(Resources.pods, 'ns', 'p').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).code).toBe(want);
    expect((err as KubeApiError).message).toBe(`GET /api/v1/namespaces/ns/pods/p: ${code} it is ${reason}`);
    expect((err as KubeApiError).transient).toBe(['ServerError', 'TooManyRequests', 'Conflict'].includes(want));
  });

  it('reports an unreachable server as a transient Network error', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    const err = await new RestKubeApi(kc).get(Resources.pods, 'ns', 'p').catch((e: unknown) => e);
    expect((err as KubeApiError).code).toBe('Network');
    expect((err as KubeApiError).transient).toBe(true);
  });

  it('streams watch events line by line and resolves when the server ends the watch', async () => {
    reply = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '2' } } })}\n`);
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '3' } } })}\n{"type":"MODI`);
      setTimeout(() => res.end(`FIED","object":{"metadata":{"name":"a","resourceVersion":"4"}}}\n`), 20);
    };
    const got: Array<[WatchEventType, string | undefined]> = [];
    await api.watch(Resources.pods, { namespace: 'ns', resourceVersion: '1', labelSelector: 'x', timeoutSeconds: 60 }, (t, o) => got.push([t, o.metadata?.resourceVersion]), new AbortController().signal);
    expect(got).toEqual([['ADDED', '2'], ['BOOKMARK', '3'], ['MODIFIED', '4']]);
    expect(seen[0]!.url).toBe('/api/v1/namespaces/ns/pods?watch=true&resourceVersion=1&labelSelector=x&timeoutSeconds=60&allowWatchBookmarks=true');
  });

  it('turns an ERROR event with 410 into a Gone error', async () => {
    reply = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', 'too old resource version: 1 (50)') })}\n`);
    };
    const err = await api.watch(Resources.pods, { resourceVersion: '1' }, () => undefined, new AbortController().signal).catch((e: unknown) => e);
    expect((err as KubeApiError).code).toBe('Gone');
  });

  it('resolves quietly when the caller aborts a watch', async () => {
    reply = (_q, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.write('\n'); };
    const ctl = new AbortController();
    const p = api.watch(Resources.pods, { resourceVersion: '1' }, () => undefined, ctl.signal);
    await new Promise((r) => setTimeout(r, 30));
    ctl.abort();
    await expect(p).resolves.toBeUndefined();
  });
});
