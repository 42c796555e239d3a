import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { V1PodStatus } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startApiServer, type ApiServer } from '../apiserver/index.js';
import { kubeConfigFor } from '../daemon/kubeconfig.js';

const ADMIN = 'admin-token-for-tests';
import { Kubelet } from './kubelet.js';
import { LogRegistry } from './logs.js';
import { SERVICE_ACCOUNT_MOUNT_PATH, wantsPodApiAccess } from './serviceaccount.js';
import { harness, pod, readAll, sh, type Harness } from './testdata/pods.js';

const done = (s: V1PodStatus): boolean => s.phase === 'Succeeded' || s.phase === 'Failed';
const SA = SERVICE_ACCOUNT_MOUNT_PATH;

describe('pod API access against the local API server', () => {
  let dir: string;
  let server: ApiServer;
  let kubelet: Kubelet;
  let core: k8s.CoreV1Api;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-sa-'));
    const logs = new LogRegistry(dir);
    server = await startApiServer({ stateDir: join(dir, 'api'), port: 0, logs, token: ADMIN });
    kubelet = new Kubelet({ kubeConfig: kubeConfigFor(server.url, ADMIN), stateDir: dir, logs, log: () => {} });
    await kubelet.start();
    core = kubeConfigFor(server.url, ADMIN).makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    await kubelet.stop(0);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Creates a one-container kubectl pod in a new namespace and waits (20 s at most) for it to end. */
  async function runKubectlPod(namespace: string, name: string, script: string, env?: k8s.V1EnvVar[]): Promise<{ phase?: string; log: string }> {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedPod({ namespace, body: {
      metadata: { name },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'bitnami/kubectl:1.32', command: ['/bin/sh', '-c', script], ...(env ? { env } : {}) }] },
    } });
    const end = Date.now() + 20_000;
    let p = await core.readNamespacedPod({ namespace, name });
    while (!done(p.status ?? {}) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      p = await core.readNamespacedPod({ namespace, name });
    }
    const log = await readAll(await kubelet.logs.open(namespace, name, 'main', { follow: false, timestamps: false }));
    return { phase: p.status?.phase, log };
  }

  it('lets kubectl inside a pod read that pod through the mounted kubeconfig', async () => {
    const r = await runKubectlPod('team', 'asks-api',
      'kubectl get pods -n "$NS" "$POD" --no-headers -o custom-columns=NAME:.metadata.name,NS:.metadata.namespace && kubectl config view --minify -o jsonpath="{.contexts[0].context.namespace}"',
      [
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ]);
    expect(r).toEqual({ phase: 'Succeeded', log: 'asks-api   team\nteam\n' });
  }, 30_000);

  it("makes a pod's kubectl act as the pod's service account: refused what the account may not do, with the Forbidden message", async () => {
    const { log } = await runKubectlPod('argo', 'tries-cm', 'kubectl create configmap x --from-literal=a=b 2>&1; kubectl get pod tries-cm -o name');
    expect(log).toBe('error: failed to create configmap: configmaps is forbidden: User "system:serviceaccount:argo:default" cannot create resource "configmaps" in API group "" in the namespace "argo"\npod/tries-cm\n');
    await expect(core.readNamespacedConfigMap({ namespace: 'argo', name: 'x' })).rejects.toMatchObject({ code: 404 });
  }, 30_000);
});

describe('pod API access files and opt-outs', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await h.close();
  });

  async function run(name: string, p: ReturnType<typeof pod>): Promise<{ phase?: string; log: string }> {
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', name, done);
    return { phase: s.phase, log: await readAll(await h.kubelet.logs.open('default', name, 'main', { follow: false, timestamps: false })) };
  }

  it('mounts kubeconfig, namespace and the token the API server issued for the pod, read-only, and sets KUBECONFIG', async () => {
    const p = pod('mounted', [sh('main', `echo "$KUBECONFIG"; cat ${SA}/namespace; echo; cat ${SA}/token; echo; touch ${SA}/x 2>/dev/null || echo read-only`)], { serviceAccountName: 'robot' });
    expect(await run('mounted', p)).toEqual({ phase: 'Succeeded', log: `${SA}/kubeconfig\ndefault\ntoken:default:robot:mounted\nread-only\n` });
    const kubeconfig = parse(readFileSync(join(h.stateDir, 'pods', 'default', p.metadata!.uid!, 'serviceaccount', 'kubeconfig'), 'utf8'));
    expect(kubeconfig).toMatchObject({
      // kubectl sends no bearer token over http: the token also rides in the server URL's path.
      clusters: [{ cluster: { server: 'http://127.0.0.1:1/argo-ts-token/token:default:robot:mounted', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'robot', user: { token: 'token:default:robot:mounted' } }],
      contexts: [{ context: { namespace: 'default', user: 'robot' } }],
    });
  });

  it('gives nothing to a pod with automountServiceAccountToken: false', async () => {
    const p = pod('no-token', [sh('main', `test -e ${SA} && echo mounted; echo "kubeconfig=$KUBECONFIG"`)], { automountServiceAccountToken: false });
    expect(await run('no-token', p)).toEqual({ phase: 'Succeeded', log: 'kubeconfig=\n' });
    expect(existsSync(join(h.stateDir, 'pods', 'default', p.metadata!.uid!, 'serviceaccount'))).toBe(false);
  });

  it('follows the service account when the pod does not say, and the pod when it does', async () => {
    h.api.serviceAccounts.set('default/quiet', { metadata: { name: 'quiet' }, automountServiceAccountToken: false });
    const script = `test -e ${SA}/token && echo mounted || echo absent`;
    expect(await run('sa-off', pod('sa-off', [sh('main', script)], { serviceAccountName: 'quiet' }))).toEqual({ phase: 'Succeeded', log: 'absent\n' });
    const podOn = pod('pod-on', [sh('main', script)], { serviceAccountName: 'quiet', automountServiceAccountToken: true });
    expect(await run('pod-on', podOn)).toEqual({ phase: 'Succeeded', log: 'mounted\n' });
  });

  it("keeps the container's own KUBECONFIG and lets it reference the default", async () => {
    const p = pod('own-kc', [sh('main', 'echo "$KUBECONFIG"; echo "$COPY"', {
      env: [{ name: 'COPY', value: '$(KUBECONFIG)' }, { name: 'KUBECONFIG', value: '/mine' }],
    })]);
    expect(await run('own-kc', p)).toEqual({ phase: 'Succeeded', log: `/mine\n${SA}/kubeconfig\n` });
  });

  it('leaves a container alone that mounts its own volume at the service account path', () => {
    expect(wantsPodApiAccess({ name: 'a' })).toBe(true);
    expect(wantsPodApiAccess({ name: 'b', volumeMounts: [{ name: 'v', mountPath: `${SA}/` }] })).toBe(false);
    expect(wantsPodApiAccess({ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/var/run/secrets', readOnly: true }] })).toBe(false);
    expect(wantsPodApiAccess({ name: 'd', volumeMounts: [{ name: 'v', mountPath: '/var/run/secrets' }] })).toBe(true);
    expect(wantsPodApiAccess({ name: 'e', volumeMounts: [{ name: 'v', mountPath: '/var/run/secretsx', readOnly: true }] })).toBe(true);
  });
});
