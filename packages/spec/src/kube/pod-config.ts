/**
 * The API access a process in a pod has, read without @kubernetes/client-node
 * (whose import costs ~0.7 s of start-up, paid twice per pod by argoexec's
 * init and wait): the kubeconfig KUBECONFIG names (the local kubelet mounts
 * one), else the in-cluster service account (KUBERNETES_SERVICE_HOST/PORT,
 * the token and CA files), else ~/.kube/config. Token-based, client-certificate
 * and basic users; exec and auth-provider users are refused with the reason
 * (a pod authenticates with its service account token).
 */
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import type { KubeConfigLike } from './connection.js';

export const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export class PodConfigError extends Error {
  readonly code = 'KubeConfig';
  readonly transient = false;
}

interface Named<T> { name?: string; [k: string]: unknown; value?: T }
interface ClusterEntry { server?: string; 'certificate-authority'?: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean; 'proxy-url'?: string }
interface UserEntry {
  token?: string; tokenFile?: string; username?: string; password?: string;
  'client-certificate'?: string; 'client-certificate-data'?: string; 'client-key'?: string; 'client-key-data'?: string;
  exec?: unknown; 'auth-provider'?: unknown;
}

export interface PodConfigInputs {
  env?: Record<string, string | undefined>;
  read?: (path: string) => Buffer;
  exists?: (path: string) => boolean;
  home?: string;
}

/** Where a source's file names are read from: a kubeconfig's own folder for relative names. */
type Reader = (path: string) => Buffer;

/** The access this process has (see the file comment); throws PodConfigError naming what is missing. */
export function podKubeConfig(inputs: PodConfigInputs = {}): KubeConfigLike {
  const env = inputs.env ?? process.env;
  const read: Reader = inputs.read ?? ((p) => readFileSync(p));
  const exists = inputs.exists ?? ((p: string) => { try { readFileSync(p); return true; } catch { return false; } });
  const first = (env.KUBECONFIG ?? '').split(':').find((p) => p !== '');
  if (first) return fromFile(first, read);
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return inCluster(env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT, read);
  const home = join(inputs.home ?? homedir(), '.kube', 'config');
  if (exists(home)) return fromFile(home, read);
  throw new PodConfigError('no Kubernetes API access: KUBECONFIG is not set, KUBERNETES_SERVICE_HOST/PORT are not set (not in a cluster) and ~/.kube/config does not exist');
}

function inCluster(host: string, port: string, read: Reader): KubeConfigLike {
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    getCurrentCluster: () => ({ server }),
    async applyToHTTPSOptions(o) {
      // Re-read on every refresh: projected service account tokens rotate.
      const token = read(join(IN_CLUSTER_DIR, 'token')).toString('utf8').trim();
      o.headers = { ...(o.headers ?? {}), Authorization: `Bearer ${token}` };
      o.ca = read(join(IN_CLUSTER_DIR, 'ca.crt'));
    },
  };
}

function fromFile(path: string, readRaw: Reader): KubeConfigLike {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readRaw(path).toString('utf8')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new PodConfigError(`${path}: cannot read kubeconfig: ${(e as Error).message.split('\n')[0]}`);
  }
  const base = dirname(path);
  const read: Reader = (p) => readRaw(isAbsolute(p) ? p : join(base, p));
  const pick = <T>(list: string, name: unknown, field: string): T => {
    const entry = ((doc[list] ?? []) as Array<Named<T>>).find((e) => e.name === name);
    const value = entry?.[field] as T | undefined;
    if (!value) throw new PodConfigError(`${path}: ${list}: no entry named "${String(name)}"`);
    return value;
  };
  const current = doc['current-context'];
  if (!current) throw new PodConfigError(`${path}: current-context: is not set`);
  const context = pick<{ cluster?: string; user?: string }>('contexts', current, 'context');
  const cluster = pick<ClusterEntry>('clusters', context.cluster, 'cluster');
  if (!cluster.server) throw new PodConfigError(`${path}: clusters[${String(context.cluster)}].server: is not set`);
  const user: UserEntry = context.user ? pick<UserEntry>('users', context.user, 'user') : {};
  if (user.exec || user['auth-provider']) {
    throw new PodConfigError(`${path}: users[${String(context.user)}]: exec and auth-provider credentials are not supported here; use a token or a client certificate`);
  }
  const server = cluster.server;
  return {
    getCurrentCluster: () => ({ server, ...(cluster['proxy-url'] ? { proxyUrl: cluster['proxy-url'] } : {}) }),
    async applyToHTTPSOptions(o: https.RequestOptions & { rejectUnauthorized?: boolean }) {
      const headers: Record<string, string> = {};
      const token = user.token ?? (user.tokenFile ? read(user.tokenFile).toString('utf8').trim() : undefined);
      if (token) headers.Authorization = `Bearer ${token}`;
      else if (user.username !== undefined) o.auth = `${user.username}:${user.password ?? ''}`;
      o.headers = { ...(o.headers ?? {}), ...headers };
      const data = (inline: string | undefined, file: string | undefined) => inline ? Buffer.from(inline, 'base64') : file ? read(file) : undefined;
      const ca = data(cluster['certificate-authority-data'], cluster['certificate-authority']);
      const cert = data(user['client-certificate-data'], user['client-certificate']);
      const key = data(user['client-key-data'], user['client-key']);
      if (ca) o.ca = ca;
      if (cert) o.cert = cert;
      if (key) o.key = key;
      if (cluster['insecure-skip-tls-verify']) o.rejectUnauthorized = false;
    },
  };
}
