import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../apiserver/index.js';
import { kubeConfigFor } from '../daemon/kubeconfig.js';
import { httpApi, plainHttpApi } from './http-api.js';

let dir: string;
let server: ApiServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-httpapi-'));
  server = await startApiServer({ stateDir: dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('httpApi against the local API server', () => {
  it('reads configmaps and secrets, undefined when missing', async () => {
    const core = kubeConfigFor(server.url).makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cm' }, data: { k: 'v' } } });
    const api = httpApi(server.url);
    expect((await api.getConfigMap('default', 'cm'))?.data).toEqual({ k: 'v' });
    expect(await api.getConfigMap('default', 'absent')).toBeUndefined();
    expect(await api.getSecret('default', 'absent')).toBeUndefined();
    expect((await api.getServiceAccount('default', 'default'))?.metadata?.name).toBe('default');
    expect(await api.getServiceAccount('default', 'absent')).toBeUndefined();
  });

  it('patches pod status and binds, and reports a missing pod as false', async () => {
    const core = kubeConfigFor(server.url).makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'x' }] } } });
    const api = httpApi(server.url);
    expect(await api.patchPodStatus('default', 'p', { phase: 'Running', podIP: '127.0.0.1' })).toBe(true);
    await api.bindPod('default', 'p', 'node-a');
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'p' });
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '127.0.0.1' });
    expect(pod.spec?.nodeName).toBe('node-a');
    expect(await api.patchPodStatus('default', 'nope', { phase: 'Running' })).toBe(false);
    expect(await api.bindClaim('default', 'nope')).toBe(false);
    await api.deletePodNow('default', 'nope', 'uid');
  });

  it('is chosen only for plain-http servers without credentials', () => {
    expect(plainHttpApi(kubeConfigFor(server.url))).toBeDefined();
    const withToken = new k8s.KubeConfig();
    withToken.loadFromOptions({ clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    expect(plainHttpApi(withToken)).toBeUndefined();
    const https = new k8s.KubeConfig();
    https.loadFromOptions({ clusters: [{ name: 'c', server: 'https://example.invalid' }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    expect(plainHttpApi(https)).toBeUndefined();
  });
});
