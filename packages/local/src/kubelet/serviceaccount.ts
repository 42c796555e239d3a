/**
 * In-cluster API access for pods. Kubernetes gives every pod its service
 * account's token at /var/run/secrets/kubernetes.io/serviceaccount and clients
 * find the API server through KUBERNETES_SERVICE_HOST/PORT. That discovery is
 * https-only and the local API server speaks plain http, so pods get a
 * kubeconfig next to the token instead, named by KUBECONFIG (honoured by
 * kubectl, client-go and the Python/JS clients).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { KubeConfig, V1Container, V1Pod } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { SandboxMount } from '../sandbox/bwrap.js';
import type { KubeletApi } from './api.js';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_KUBECONFIG = `${SERVICE_ACCOUNT_MOUNT_PATH}/kubeconfig`;

/** What every container of a pod gets for API access. */
export interface PodApiAccess {
  mount: SandboxMount;
  /** Defaults for the container env; the container's own env wins. */
  env: Record<string, string>;
}

export interface ServiceAccountContext {
  pod: V1Pod;
  api: KubeletApi;
  /** The kubelet's own config: names the API server (and its bearer token, when it needs one). */
  kubeConfig: KubeConfig;
  /** `<stateDir>/pods/<ns>/<uid>` */
  podDir: string;
}

/**
 * Writes `<podDir>/serviceaccount/{kubeconfig,namespace,token}` unless the pod
 * (or else its service account) sets automountServiceAccountToken: false.
 */
export async function preparePodApiAccess(ctx: ServiceAccountContext): Promise<PodApiAccess | undefined> {
  const namespace = ctx.pod.metadata?.namespace ?? 'default';
  const account = ctx.pod.spec?.serviceAccountName || 'default';
  if (!(await automounts(ctx, namespace, account))) return undefined;
  const server = ctx.kubeConfig.getCurrentCluster()?.server;
  if (!server) return undefined;
  // The local API server knows one token at most (and no RBAC): a pod must present
  // that one to be let in; otherwise the token only names the service account.
  const token = ctx.kubeConfig.getCurrentUser()?.token || `system:serviceaccount:${namespace}:${account}`;
  const dir = join(ctx.podDir, 'serviceaccount');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'kubeconfig'), podKubeconfigYaml(server, namespace, account, token), { mode: 0o644 });
  writeFileSync(join(dir, 'namespace'), namespace, { mode: 0o644 });
  writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
  return {
    mount: { hostPath: dir, containerPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true },
    env: { KUBECONFIG: SERVICE_ACCOUNT_KUBECONFIG },
  };
}

/**
 * A container that mounts something of its own at the service account path
 * keeps it (as in Kubernetes); under a read-only ancestor mount the sandbox
 * could not create the mount point, so such a container goes without.
 */
export function wantsPodApiAccess(container: V1Container): boolean {
  return !(container.volumeMounts ?? []).some((m) => {
    const path = posix.normalize(m.mountPath).replace(/\/+$/, '');
    return path === SERVICE_ACCOUNT_MOUNT_PATH || (m.readOnly === true && SERVICE_ACCOUNT_MOUNT_PATH.startsWith(`${path}/`));
  });
}

export function podKubeconfigYaml(server: string, namespace: string, account: string, token: string): string {
  const name = 'in-cluster';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // The local server is plain http; kubectl and client-node accept http only with verification off.
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: account, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: account, namespace } }],
    'current-context': name,
  });
}

async function automounts(ctx: ServiceAccountContext, namespace: string, account: string): Promise<boolean> {
  const own = ctx.pod.spec?.automountServiceAccountToken;
  if (own !== undefined) return own;
  const sa = await ctx.api.getServiceAccount(namespace, account);
  return sa?.automountServiceAccountToken ?? true;
}
