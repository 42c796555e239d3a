import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { bearerToken } from './auth.js';
import { applyFields } from './fields.js';
import { startArgoServer, type ArgoServerOptions } from './server.js';

// Real sockets rather than fastify's inject: inject loads an ESM-only module jest cannot require.
async function serve(opts: Omit<ArgoServerOptions, 'kubeConfig'>) {
  const server = await startArgoServer({ kubeConfig: kubeConfig(), port: 0, ...opts });
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(server.url + path, init);
    const body = await res.text();
    return { statusCode: res.status, body, json: () => JSON.parse(body) };
  };
  return { get, close: () => server.close() };
}

// A cluster nothing listens on: these tests never reach Kubernetes.
function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:9' }], users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
  });
  return kc;
}

describe('argo-server app', () => {
  let ui: string;
  beforeAll(() => {
    ui = mkdtempSync(join(tmpdir(), 'argo-ts-ui-'));
    writeFileSync(join(ui, 'index.html'), '<html>ui</html>');
    writeFileSync(join(ui, 'app.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(ui, { recursive: true, force: true }));

  it('answers probes, refuses callers without the server token, and 404s unknown API paths as grpc-gateway does', async () => {
    const app = await serve({ authModes: ['server'], serverToken: 'secret', uiDir: ui });
    expect((await app.get('/healthz')).body).toBe('ok');
    const anon = await app.get('/api/v1/workflows/argo');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ code: 16, message: 'token not found: this server (auth mode server) needs "Authorization: Bearer <token>"', details: [] });
    const wrong = await app.get('/api/v1/workflows/argo', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.json()).toMatchObject({ code: 16, message: 'token not valid for running mode' });
    const unknown = await app.get('/api/v1/nothing-here');
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { code: 5, message: 'Not Found', details: [] }]);
    const badJson = await app.get('/api/v1/workflows/argo', { method: 'POST', headers: { authorization: 'Bearer secret', 'content-type': 'application/json' }, body: '{' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe(3);
    await app.close();
  });

  it("serves the UI's files and its index for the UI's own routes", async () => {
    const app = await serve({ authModes: ['server'], serverToken: 'secret', uiDir: ui });
    expect((await app.get('/app.js')).body).toBe('console.log(1)');
    const page = await app.get('/workflows/argo/hello');
    expect([page.statusCode, page.body]).toEqual([200, '<html>ui</html>']);
    expect((await app.get('/')).body).toBe('<html>ui</html>');
    await app.close();
  });

  it('without a built UI says so at / and still serves the API', async () => {
    const app = await serve({ authModes: ['client'], uiDir: null });
    const root = await app.get('/');
    expect(root.statusCode).toBe(404);
    expect(root.json().message).toMatch(/web UI is not built/);
    await app.close();
  });
});

describe('bearerToken', () => {
  it('reads the Authorization header, else the authorization cookie Argo UI sets', () => {
    expect(bearerToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(bearerToken({ cookie: `x=1; authorization=${encodeURIComponent('Bearer def')}` })).toBe('def');
    expect(bearerToken({ authorization: 'Basic xyz' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});

describe('fields', () => {
  const list = { metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a', uid: '1' }, status: { phase: 'Running', nodes: { x: {} } } }] };
  it('keeps the listed paths through arrays', () => {
    expect(applyFields(list, 'metadata,items.metadata.name,items.status.phase')).toEqual({ metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a' }, status: { phase: 'Running' } }] });
  });
  it('drops paths with a leading minus', () => {
    expect(applyFields(list, '-items.status.nodes')).toEqual({ metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a', uid: '1' }, status: { phase: 'Running' } }] });
  });
  it('leaves the object alone without fields', () => {
    expect(applyFields(list, '')).toBe(list);
  });
});
