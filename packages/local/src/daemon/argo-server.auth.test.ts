/**
 * argo-server on a local cluster (no controller): auth modes, TLS, and how
 * fast the workflow-events stream delivers a node's phase change after the
 * status write. The latency is measured and printed; the assertions are on
 * what is delivered (bench/server-events holds the 500 ms target).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { startArgoServer } from '@argo-ts/server';
import { startLocalCluster, type LocalCluster } from './cluster.js';
import { openStream, ServerClient } from './testdata/argo-server-client.js';

jest.setTimeout(120_000);

const NS = 'argo';
let stateDir: string;
let cluster: LocalCluster;
let serverToken: string;
let admin: ServerClient;

type Obj = Record<string, any>;

async function kubeApi(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Obj> {
  // As the admin: the local cluster's own kubeconfig carries the admin token.
  const res = await fetch(cluster.adminApiUrl + path, { method, headers: { 'Content-Type': contentType }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const out = await res.json() as Obj;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(out)}`);
  return out;
}

async function serviceAccountToken(ns: string, sa: string): Promise<string> {
  const tr = await kubeApi('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
  return tr.status.token as string;
}

const hello = (name: string): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['true'] } }] },
});

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-server-auth-'));
  cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, serverPort: 0, controller: false, log: () => {} });
  serverToken = (JSON.parse(readFileSync(join(stateDir, 'settings.json'), 'utf8')) as { serverToken: string }).serverToken;
  admin = new ServerClient(cluster.serverUrl, serverToken);
});

afterAll(async () => {
  await cluster?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('auth modes', () => {
  it('demands a token: none, or one nobody issued, is Unauthenticated (16, HTTP 401)', async () => {
    const none = await new ServerClient(cluster.serverUrl).call('GET', `/api/v1/workflows/${NS}`);
    expect(none.status).toBe(401);
    expect(none.body.code).toBe(16);
    const forged = await new ServerClient(cluster.serverUrl, 'not-a-token').call('GET', `/api/v1/workflows/${NS}`);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe(16);
  });

  it('server mode: the server token acts as the server, also from the authorization cookie', async () => {
    expect((await admin.call('GET', `/api/v1/workflows/${NS}`)).status).toBe(200);
    const res = await fetch(`${cluster.serverUrl}/api/v1/workflows/${NS}`, { headers: { Cookie: `authorization=${encodeURIComponent(`Bearer ${serverToken}`)}` } });
    expect(res.status).toBe(200);
    expect(await admin.call('GET', '/api/v1/userinfo')).toMatchObject({ status: 200, body: {} });
  });

  it("client mode: the cluster's RBAC decides for the caller's token (403 for a right it lacks)", async () => {
    const sa = new ServerClient(cluster.serverUrl, await serviceAccountToken(NS, 'default'));
    // Bound here as Argo's quick-start install binds its roles: the default account may then create and get workflows, not list or delete them.
    await kubeApi('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'quick-start' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-ts-quick-start' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NS }],
    });
    const created = await sa.call('POST', `/api/v1/workflows/${NS}`, { workflow: hello('by-default-sa') });
    expect(created.status).toBe(200);
    expect((await sa.call('GET', `/api/v1/workflows/${NS}/by-default-sa`)).body.metadata.name).toBe('by-default-sa');
    const list = await sa.call('GET', `/api/v1/workflows/${NS}`);
    expect(list.status).toBe(403);
    expect(list.body.code).toBe(7);
    expect(list.body.message).toBe('workflows.argoproj.io is forbidden: User "system:serviceaccount:argo:default" cannot list resource "workflows" in API group "argoproj.io" in the namespace "argo"');
    const del = await sa.call('DELETE', `/api/v1/workflows/${NS}/by-default-sa`);
    expect([del.status, del.body.code]).toEqual([403, 7]);
    const who = await sa.call('GET', '/api/v1/userinfo');
    expect(who.body).toMatchObject({ serviceAccountName: 'default', serviceAccountNamespace: NS });
    // The server token still has every right.
    expect((await admin.call('DELETE', `/api/v1/workflows/${NS}/by-default-sa`)).status).toBe(200);
  });

  it('logs a browser in with a one-time code, never with the token in a URL', async () => {
    const sa = new ServerClient(cluster.serverUrl, await serviceAccountToken(NS, 'default'));
    expect((await sa.call('POST', '/argo-ts/login-codes')).status).toBe(403);
    const { code } = (await admin.call('POST', '/argo-ts/login-codes')).body as { code: string };
    const first = await fetch(`${cluster.serverUrl}/argo-ts/login?code=${code}`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toBe(`authorization=${encodeURIComponent(`Bearer ${serverToken}`)}; Path=/; HttpOnly; SameSite=Strict`);
    expect((await fetch(`${cluster.serverUrl}/argo-ts/login?code=${code}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves HTTPS when given a certificate', async () => {
    const here = new URL('./testdata/', import.meta.url);
    const cert = readFileSync(new URL('server-tls.crt', here));
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const server = await startArgoServer({ kubeConfig: kc, authModes: ['server'], serverToken: 'tls-test-token', port: 0, uiDir: null, tls: { cert, key: readFileSync(new URL('server-tls.key', here)) } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${server.url}/api/v1/version`, { ca: cert, headers: { Authorization: 'Bearer tls-test-token' } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body).version).toMatch(/^v/);
    } finally {
      await server.close();
    }
  });
});

describe('workflow-events latency', () => {
  it("delivers each node phase change the status write makes", async () => {
    await admin.call('POST', `/api/v1/workflows/${NS}`, { workflow: hello('latency') });
    const node = { id: 'latency-1', name: 'latency.step', displayName: 'step', type: 'Pod', phase: 'Pending' };
    await kubeApi('PATCH', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/latency/status`, { status: { phase: 'Running', nodes: { 'latency-1': node } } }, 'application/merge-patch+json');
    const stream = await openStream(cluster.serverUrl, serverToken, `/api/v1/workflow-events/${NS}?listOptions.fieldSelector=metadata.name%3Dlatency`);
    try {
      expect(stream.status).toBe(200);
      await stream.next((l) => l.result?.type === 'ADDED' && l.result.object.status?.nodes?.['latency-1']?.phase === 'Pending', 10_000);
      const latencies: number[] = [];
      for (const phase of ['Running', 'Succeeded', 'Running', 'Failed', 'Running', 'Succeeded']) {
        const t0 = performance.now();
        const written = await kubeApi('PATCH', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/latency/status`, { status: { nodes: { 'latency-1': { phase } } } }, 'application/merge-patch+json');
        const got = await stream.next((l) => l.result?.object?.metadata?.resourceVersion === written.metadata.resourceVersion, 10_000);
        expect(got.line.result.type).toBe('MODIFIED');
        expect(got.line.result.object.status.nodes['latency-1']).toEqual({ ...node, phase });
        latencies.push(got.at - t0);
      }
      const sorted = [...latencies].sort((a, b) => a - b);
      process.stdout.write(`workflow-events: node phase change delivered ${sorted.map((l) => l.toFixed(1)).join(', ')} ms after the status write began (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms)\n`);
    } finally {
      stream.close();
    }
  });
});
