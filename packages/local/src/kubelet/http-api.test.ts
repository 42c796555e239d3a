import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../apiserver/index.js';
import { kubeConfigFor } from '../daemon/kubeconfig.js';

const ADMIN = 'admin-token-for-tests';
import { kubeletApi } from './http-api.js';

let dir: string;
let server: ApiServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-httpapi-'));
  server = await startApiServer({ token: ADMIN, stateDir: dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubeletApi against the local API server', () => {
  it('reads configmaps and secrets, undefined when missing', async () => {
    const core = kubeConfigFor(server.url, ADMIN).makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cm' }, data: { k: 'v' } } });
    const api = kubeletApi(kubeConfigFor(server.url, ADMIN));
    expect((await api.getConfigMap('default', 'cm'))?.data).toEqual({ k: 'v' });
    expect(await api.getConfigMap('default', 'absent')).toBeUndefined();
    expect(await api.getSecret('default', 'absent')).toBeUndefined();
    expect((await api.getServiceAccount('default', 'default'))?.metadata?.name).toBe('default');
    expect(await api.getServiceAccount('default', 'absent')).toBeUndefined();
  });

  it('patches pod status and binds, and reports a missing pod as false', async () => {
    const core = kubeConfigFor(server.url, ADMIN).makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'x' }] } } });
    const api = kubeletApi(kubeConfigFor(server.url, ADMIN));
    expect(await api.patchPodStatus('default', 'p', { phase: 'Running', podIP: '127.0.0.1' })).toBe(true);
    await api.bindPod('default', 'p', 'node-a');
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'p' });
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '127.0.0.1' });
    expect(pod.spec?.nodeName).toBe('node-a');
    expect(await api.patchPodStatus('default', 'nope', { phase: 'Running' })).toBe(false);
    expect(await api.bindClaim('default', 'nope')).toBe(false);
    await api.deletePodNow('default', 'nope', 'uid');
  });

  it('sends the kubeconfig user\'s token', async () => {
    const seen: Array<string | undefined> = [];
    const probe = http.createServer((req, res) => { seen.push(req.headers.authorization); res.writeHead(404).end('{"kind":"Status","code":404,"reason":"NotFound"}'); });
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${(probe.address() as AddressInfo).port}`, skipTLSVerify: true }], users: [{ name: 'u', token: 't0k' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    expect(await kubeletApi(kc).getSecret('ns', 's')).toBeUndefined();
    expect(seen).toEqual(['Bearer t0k']);
    probe.closeAllConnections();
    await new Promise((r) => probe.close(r));
  });
});
