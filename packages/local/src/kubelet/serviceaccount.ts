/**
 * In-cluster API access for pods. Kubernetes gives every pod its service
 * account's token at /var/run/secrets/kubernetes.io/serviceaccount and clients
 * find the API server through KUBERNETES_SERVICE_HOST/PORT. That discovery is
 * https-only and the local API server speaks plain http, so pods get a
 * kubeconfig next to the token instead, named by KUBECONFIG (honoured by
 * kubectl, client-go and the Python/JS clients). The token comes from the
 * API server's TokenRequest, bound to the pod, so the API server knows the
 * request as the service account's and RBAC decides what it may do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { KubeConfig, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { PATH_TOKEN_PREFIX } from '../apiserver/auth/authn.js';
import { ContainerConfigError } from './env.js';
import { stringify } from 'yaml';
import type { SandboxMount } from '../sandbox/bwrap.js';
import type { KubeletApi } from './api.js';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_KUBECONFIG = `${SERVICE_ACCOUNT_MOUNT_PATH}/kubeconfig`;

/** A pod's API identity: its service account's token. */
export interface PodApiAccess {
  /**
   * What argoexec run in-process talks to the API server with: the pod's
   * service account, as the executor in a real pod would. Present even when
   * the token is not mounted (Argo then hands its executor a token of its own).
   */
  kubeConfig: KubeConfig;
  /** Mounted into containers; absent when automountServiceAccountToken is false. */
  files?: {
    mount: SandboxMount;
    /** Defaults for the container env; the container's own env wins. */
    env: Record<string, string>;
  };
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
 * Gets the pod's token and writes `<podDir>/serviceaccount/{kubeconfig,namespace,token}`
 * unless the pod (or else its service account) sets automountServiceAccountToken: false.
 * Throws ContainerConfigError when the API server gives no token.
 */
export async function preparePodApiAccess(ctx: ServiceAccountContext): Promise<PodApiAccess | undefined> {
  const namespace = ctx.pod.metadata?.namespace ?? 'default';
  const account = ctx.pod.spec?.serviceAccountName || 'default';
  const server = ctx.kubeConfig.getCurrentCluster()?.server;
  if (!server) return undefined;
  let token: string;
  try {
    token = await ctx.api.serviceAccountToken(namespace, account, { name: ctx.pod.metadata?.name ?? '', uid: ctx.pod.metadata?.uid ?? '' });
  } catch (e) {
    throw new ContainerConfigError(`cannot get a token for service account ${namespace}/${account}: ${(e as Error).message}`);
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(podKubeconfigYaml(server, namespace, account, token));
  if (!(await automounts(ctx, namespace, account))) return { kubeConfig };
  const dir = join(ctx.podDir, 'serviceaccount');
  mkdirSync(dir, { recursive: true });
  // Readable by the container's user (they run as the host user in the sandbox), like a projected volume's 0644 default.
  writeFileSync(join(dir, 'kubeconfig'), podKubeconfigYaml(tokenInPath(server, token), namespace, account, token), { mode: 0o644 });
  writeFileSync(join(dir, 'namespace'), namespace, { mode: 0o644 });
  writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
  return {
    kubeConfig,
    files: { mount: { hostPath: dir, containerPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true }, env: { KUBECONFIG: SERVICE_ACCOUNT_KUBECONFIG } },
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

/**
 * kubectl (client-go) sends no bearer token to a plain-http server, so the
 * mounted kubeconfig also carries it in the server URL's path (see the API
 * server's PATH_TOKEN_PREFIX); clients that do send the header are unaffected.
 */
function tokenInPath(server: string, token: string): string {
  return server.startsWith('http://') ? `${server.replace(/\/+$/, '')}${PATH_TOKEN_PREFIX}${token}` : server;
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
