import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startLocalCluster, type LocalCluster } from './cluster.js';

// Whole clusters start here; the default 5 s is a hang guard too tight for a loaded CI machine.
jest.setTimeout(60_000);

let stateDir: string;
let cluster: LocalCluster | undefined;
const quiet = (): void => {};

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-cluster-'));
});
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  rmSync(stateDir, { recursive: true, force: true });
});

function core(c: LocalCluster): k8s.CoreV1Api {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfigPath);
  return kc.makeApiClient(k8s.CoreV1Api);
}

async function waitForPhase(api: k8s.CoreV1Api, name: string, phases: string[]): Promise<k8s.V1Pod> {
  const end = Date.now() + 10_000;
  for (;;) {
    const pod = await api.readNamespacedPod({ namespace: 'default', name });
    if (phases.includes(pod.status?.phase ?? '')) return pod;
    if (Date.now() > end) throw new Error(`pod ${name} stayed ${pod.status?.phase}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('startLocalCluster', () => {
  // Issue 14 findings 1 and 7: pods share the host network, so a request without a token must get nothing.
  it('demands credentials everywhere and keeps its state to its owner', async () => {
    cluster = await startLocalCluster({ stateDir, controller: false, argoServer: false, log: quiet });
    const anon = await fetch(`${cluster.apiUrl}/api/v1/secrets`);
    expect(anon.status).toBe(403);
    expect(((await anon.json()) as { message: string }).message).toBe('secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" at the cluster scope');
    const create = await fetch(`${cluster.apiUrl}/api/v1/namespaces/default/pods`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } }),
    });
    expect(create.status).toBe(403);
    expect((await fetch(`${cluster.adminApiUrl}/api/v1/secrets`)).status).toBe(200);
    // The kubeconfig (kubectl, the CLI, the controller process) carries the admin token.
    expect((await core(cluster).listSecretForAllNamespaces()).items.length).toBeGreaterThan(0);
    expect((await fetch(`${cluster.s3Url}/my-bucket?list-type=2`)).status).toBe(403);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    for (const f of ['kubeconfig', 'settings.json']) expect(statSync(join(stateDir, f)).mode & 0o777).toBe(0o600);
  });

  it('bootstraps what Argo examples expect, idempotently', async () => {
    cluster = await startLocalCluster({ stateDir, controller: false, log: quiet });
    await cluster.stop();
    cluster = await startLocalCluster({ stateDir, controller: false, log: quiet });
    const api = core(cluster);
    for (const namespace of ['default', 'argo']) {
      await api.readNamespacedServiceAccount({ namespace, name: 'default' });
      const secret = await api.readNamespacedSecret({ namespace, name: 'my-minio-cred' });
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(['accesskey', 'secretkey']);
      const settings = JSON.parse(readFileSync(join(stateDir, 'settings.json'), 'utf8'));
      expect(Buffer.from(secret.data!.secretkey!, 'base64').toString()).toBe(settings.secretKey);
      const repos = await api.readNamespacedConfigMap({ namespace, name: 'artifact-repositories' });
      expect(repos.metadata?.annotations?.['workflows.argoproj.io/default-artifact-repository']).toBe('default-v1');
      for (const key of ['default-v1', 'my-key']) {
        expect(parse(repos.data![key]!)).toMatchObject({ archiveLogs: true, s3: { bucket: 'my-bucket', insecure: true, accessKeySecret: { name: 'my-minio-cred', key: 'accesskey' } } });
      }
      const controller = await api.readNamespacedConfigMap({ namespace, name: 'workflow-controller-configmap' });
      expect(parse(controller.data!.artifactRepository!)).toMatchObject({ s3: { bucket: 'my-bucket' } });
      expect(parse(controller.data!.images!)).toEqual({ 'argoproj/argosay:v2': { entrypoint: ['/argosay'], cmd: [] } });
    }
  });

  it('runs pods through the API server, serves their logs and finishes deletions', async () => {
    cluster = await startLocalCluster({ stateDir, controller: false, log: quiet });
    const api = core(cluster);
    await api.createNamespacedPod({ namespace: 'default', body: {
      metadata: { name: 'talk' },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'alpine', command: ['sh', '-c', 'echo one; echo two; echo three'] }] },
    } });
    const pod = await waitForPhase(api, 'talk', ['Succeeded', 'Failed']);
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.spec?.nodeName).toBe('argo-ts-local');
    expect(await api.readNamespacedPodLog({ namespace: 'default', name: 'talk', container: 'main', tailLines: 2 })).toBe('two\nthree\n');

    await api.createNamespacedPod({ namespace: 'default', body: {
      metadata: { name: 'sleeper' },
      spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image: 'alpine', command: ['sleep', '60'] }] },
    } });
    await waitForPhase(api, 'sleeper', ['Running']);
    await api.deleteNamespacedPod({ namespace: 'default', name: 'sleeper' });
    const end = Date.now() + 10_000;
    let gone = false;
    while (!gone && Date.now() < end) {
      gone = await api.readNamespacedPod({ namespace: 'default', name: 'sleeper' }).then(() => false, () => true);
      if (!gone) await new Promise((r) => setTimeout(r, 20));
    }
    expect(gone).toBe(true);
  });

  it('keeps objects and their resourceVersion across a restart', async () => {
    cluster = await startLocalCluster({ stateDir, controller: false, log: quiet });
    const created = await core(cluster).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'keep' }, data: { a: '1' } } });
    await cluster.stop();
    cluster = await startLocalCluster({ stateDir, controller: false, log: quiet });
    const got = await core(cluster).readNamespacedConfigMap({ namespace: 'default', name: 'keep' });
    expect(got.data).toEqual({ a: '1' });
    expect(got.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });
});

describe('startLocalCluster with the controller', () => {
  it('runs a workflow with a container step and a script step to Succeeded', async () => {
    cluster = await startLocalCluster({ stateDir, log: quiet });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'e2e-hello' },
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', steps: [[{ name: 'a', template: 'say' }], [{ name: 'b', template: 'script' }]] },
          { name: 'say', container: { image: 'argoproj/argosay:v2', args: ['echo', 'hello'] } },
          { name: 'script', script: { image: 'python:3', command: ['python'], source: 'print(6 * 7)\n' } },
        ],
      },
    };
    await custom.createNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'default', plural: 'workflows', body: wf });
    const end = Date.now() + 30_000;
    let got: { status?: { phase?: string; nodes?: Record<string, { displayName?: string; outputs?: { result?: string } }> } } = {};
    while (Date.now() < end) {
      got = await custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'default', plural: 'workflows', name: 'e2e-hello' });
      if (['Succeeded', 'Failed', 'Error'].includes(got.status?.phase ?? '')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got.status?.phase).toBe('Succeeded');
    const results = Object.values(got.status?.nodes ?? {}).filter((n) => n.outputs?.result !== undefined).map((n) => `${n.displayName}=${n.outputs!.result}`).sort();
    expect(results).toEqual(['a=hello', 'b=42']);
    const pods = await core(cluster).listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded']);
  }, 40_000);
});
