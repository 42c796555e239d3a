/**
 * The HTTP runner against a real loopback server: what reaches the server
 * (method, headers incl. one from a secret, body, Host rewrite, redirects),
 * what is recorded as the node's WorkflowTaskResult, timeouts, and that a
 * node's request is sent once however often the operator asks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Labels } from '@argo-ts/spec';
import { KubeApiError } from './errors.js';
import { HttpRunner } from './http-runner.js';
import { canonicalHeader } from './http-request.js';
import { Resources } from './resources.js';
import { FakeKubeApi } from './testing/fake-api.js';
import type { HTTP, Workflow, WorkflowTaskResult } from '../operator/model.js';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }

let server: Server;
let base: string;
const seen: Seen[] = [];
const pendingResponses = new Set<ServerResponse>();

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
  const u = new URL(req.url!, 'http://x');
  if (u.pathname === '/echo') {
    res.writeHead(Number(u.searchParams.get('status') ?? 200), { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
    res.end(JSON.stringify({ method: req.method, body }));
  } else if (u.pathname === '/slow') {
    pendingResponses.add(res);
    res.on('close', () => pendingResponses.delete(res));
  } else if (u.pathname === '/redirect') {
    res.writeHead(302, { location: '/echo' });
    res.end();
  } else if (u.pathname === '/big') {
    res.end('x'.repeat(5000));
  } else {
    res.writeHead(404);
    res.end('nothing here');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => route(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const r of pendingResponses) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => { seen.length = 0; });

const wf: Workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w', namespace: 'argo', uid: 'u1' }, spec: {} } as Workflow;

function setup(opts: ConstructorParameters<typeof HttpRunner>[1] = {}) {
  const api = new FakeKubeApi();
  api.seed(Resources.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'argo' }, data: { value: Buffer.from('s3cr3t').toString('base64') } });
  const logs: string[] = [];
  const runner = new HttpRunner(api, { log: (m) => logs.push(m), ...opts });
  const result = (nodeId: string) => api.all<WorkflowTaskResult & { metadata: { name: string } }>(Resources.workflowTaskResults).find((r) => r.metadata.name === nodeId);
  const run = async (nodeId: string, http: HTTP) => {
    runner.start(wf, { type: 'httpRequest', nodeId, nodeName: `w.${nodeId}`, http });
    await runner.idle();
    return result(nodeId);
  };
  return { api, runner, run, result, logs };
}

describe('HttpRunner', () => {
  it('sends method, headers (one from a secret) and body, and records the body as outputs.result', async () => {
    const { run, logs } = setup();
    const tr = await run('w-1', {
      url: `${base}/echo`, method: 'POST', body: '{"a":1}',
      headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Authorization', valueFrom: { secretKeyRef: { name: 'token', key: 'value' } } }, { name: 'X-Two', value: '1' }, { name: 'X-Two', value: '2' }],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/echo', body: '{"a":1}' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/json', authorization: 's3cr3t', 'x-two': '1, 2', 'content-length': '7' });
    expect(tr).toMatchObject({
      kind: 'WorkflowTaskResult', metadata: { name: 'w-1', namespace: 'argo', labels: { [Labels.workflow]: 'w' }, ownerReferences: [{ kind: 'Workflow', name: 'w', uid: 'u1' }] },
      phase: 'Succeeded', outputs: { result: '{"method":"POST","body":"{\\"a\\":1}"}' },
    });
    expect(JSON.stringify(tr)).not.toContain('s3cr3t');
    expect(logs.join('\n')).not.toContain('s3cr3t');
  });

  it('sends GET without a body by default, rewrites Host, and sends bodyFrom.bytes as raw bytes', async () => {
    const { run } = setup();
    expect(await run('w-2', { url: `${base}/echo`, headers: [{ name: 'Host', value: 'example.test' }] })).toMatchObject({ phase: 'Succeeded' });
    expect(seen[0]).toMatchObject({ method: 'GET', body: '' });
    expect(seen[0]!.headers.host).toBe('example.test');
    expect(seen[0]!.headers['content-length']).toBeUndefined();
    await run('w-3', { url: `${base}/echo`, method: 'PUT', bodyFrom: { bytes: Buffer.from([0x68, 0x69]).toString('base64') } });
    expect(seen[1]).toMatchObject({ method: 'PUT', body: 'hi' });
  });

  it('fails on non-2xx, and judges successCondition with canonical response headers', async () => {
    const { run } = setup();
    expect(await run('w-4', { url: `${base}/echo?status=500` })).toMatchObject({ phase: 'Failed', message: 'received non-2xx response code: 500' });
    expect(await run('w-5', { url: `${base}/echo?status=500`, successCondition: 'response.statusCode == 500 && response.headers["X-Multi"] == ["a", "b"] && response.headers["Content-Type"][0] == "application/json"' }))
      .toMatchObject({ phase: 'Succeeded' });
  });

  it('honours timeoutSeconds and says so', async () => {
    const { run } = setup();
    const t0 = Date.now();
    const tr = await run('w-6', { url: `${base}/slow`, timeoutSeconds: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(tr).toMatchObject({ phase: 'Failed', message: `GET ${base}/slow: no response within 1s (timeoutSeconds)` });
    expect(tr!.outputs).toBeUndefined();
  });

  it('follows redirects as Go\'s client does (a POST becomes a GET after 302)', async () => {
    const { run } = setup();
    const tr = await run('w-7', { url: `${base}/redirect`, method: 'POST', body: 'x' });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual(['POST /redirect x', 'GET /echo ']);
    expect(tr).toMatchObject({ phase: 'Succeeded', outputs: { result: '{"method":"GET","body":""}' } });
  });

  it('fails with a clear message on a refused connection, a bad URL, a missing secret or an oversized body', async () => {
    const { run } = setup({ maxBodyBytes: 1000 });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await run('w-8', { url: `http://127.0.0.1:${port}/` }))!.message).toMatch(new RegExp(`^GET http://127.0.0.1:${port}/: connect ECONNREFUSED`));
    expect(await run('w-9', { url: 'not a url' })).toMatchObject({ phase: 'Failed', message: 'GET not a url: invalid url "not a url": expected an absolute http:// or https:// URL' });
    expect(await run('w-10', { url: 'ftp://x/' })).toMatchObject({ phase: 'Failed', message: 'GET ftp://x/: unsupported protocol scheme "ftp" in url "ftp://x/": expected http or https' });
    expect(await run('w-11', { url: `${base}/echo`, headers: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] }))
      .toMatchObject({ phase: 'Failed', message: 'header "A": valueFrom.secretKeyRef: secret "nope" not found in namespace argo' });
    expect(await run('w-12', { url: `${base}/echo`, headers: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'token', key: 'k' } } }] }))
      .toMatchObject({ phase: 'Failed', message: 'header "A": valueFrom.secretKeyRef: secret "token" has no key "k"' });
    expect(seen).toHaveLength(0);
    expect(await run('w-13', { url: `${base}/big` })).toMatchObject({ phase: 'Failed', message: `GET ${base}/big: response body exceeds 1000 bytes` });
  });

  it('sends a node\'s request once however often it is asked, and again only after the memory expires', async () => {
    let now = 0;
    const { api, runner, run } = setup({ now: () => now, rememberMs: 1000 });
    const http = { url: `${base}/echo` };
    runner.start(wf, { type: 'httpRequest', nodeId: 'w-14', nodeName: 'w.a', http });
    runner.start(wf, { type: 'httpRequest', nodeId: 'w-14', nodeName: 'w.a', http });
    await runner.idle();
    await run('w-14', http);
    expect(seen).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === 'create')).toHaveLength(1);
    now = 2000;
    await run('w-14', http);
    expect(seen).toHaveLength(2);
    // The second result was refused as AlreadyExists: the first one stands.
    expect(api.calls.filter((c) => c.method === 'create')).toHaveLength(2);
  });

  it('forgets a node once the informer shows its result, so a retry (which deletes the result) sends again', async () => {
    const { api, runner, run } = setup();
    const http = { url: `${base}/echo` };
    await run('w-18', http);
    await run('w-18', http);
    expect(seen).toHaveLength(1);
    runner.resultSeen('argo', 'w-18');
    await api.delete(Resources.workflowTaskResults, 'argo', 'w-18');
    expect(await run('w-18', http)).toMatchObject({ phase: 'Succeeded' });
    expect(seen).toHaveLength(2);
  });

  it('retries a transient failure to record the result, and records an Error when the result is refused', async () => {
    const { api, run } = setup();
    api.failNext('create', new KubeApiError(503, 'unavailable'), 1, 'workflowtaskresults');
    expect(await run('w-15', { url: `${base}/echo` })).toMatchObject({ phase: 'Succeeded' });
    api.failNext('create', new KubeApiError(422, 'too large'), 1, 'workflowtaskresults');
    expect(await run('w-16', { url: `${base}/echo` }))
      .toMatchObject({ phase: 'Error', message: 'the HTTP request completed but its result could not be recorded: too large' });
  });

  it('stop() aborts a running request without recording it', async () => {
    const { runner, result } = setup();
    runner.start(wf, { type: 'httpRequest', nodeId: 'w-17', nodeName: 'w.s', http: { url: `${base}/slow`, timeoutSeconds: 30 } });
    await new Promise((r) => setTimeout(r, 100));
    await runner.stop();
    expect(result('w-17')).toBeUndefined();
  });

  it('canonicalises header names as Go does', () => {
    expect(canonicalHeader('content-type')).toBe('Content-Type');
    expect(canonicalHeader('x-request-id')).toBe('X-Request-Id');
    expect(canonicalHeader('ETAG')).toBe('Etag');
  });
});
