import { connectionFromKubeConfig, KubeApiError, KubeClient, type KubeConfigLike } from '@argo-ts/spec/kube';
import { ExecutorError, isTransient } from '../errors.js';
import { withRetry } from '../retry.js';
import type { SecretRef } from '../template.js';

interface SecretBody { data?: Record<string, string> }

/** About 20 s of backoff (200 ms doubling, at most 10 s): longer than a local daemon's restart. */
const SECRET_READ_ATTEMPTS = 8;

/** Reads secret keys through the API server, in the pod's namespace only; cached per run. */
export function secretReader(kubeConfig: KubeConfigLike, namespace: string): (ref: SecretRef) => Promise<string> {
  let client: KubeClient | undefined;
  const api = (): KubeClient => (client ??= new KubeClient(connectionFromKubeConfig(kubeConfig), { timeoutMs: 30_000, keepAlive: false }));
  const cache = new Map<string, Promise<Record<string, string> | undefined>>();
  return async (ref) => {
    let data = cache.get(ref.name);
    if (!data) {
      // Retried: the API server may be away for a moment (a local daemon restarting while this pod runs on).
      data = withRetry(() => api().json<SecretBody>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(ref.name)}` }).then(
        (s) => s.data ?? {},
        (err) => {
          if (err instanceof KubeApiError && err.code === 'NotFound') return undefined;
          throw new ExecutorError('Kubernetes', `reading secret ${namespace}/${ref.name}: ${(err as Error).message}`, { transient: isTransient(err), cause: err });
        },
      ), { what: `read secret ${namespace}/${ref.name}`, attempts: SECRET_READ_ATTEMPTS });
      const name = ref.name;
      // A failure is not kept: the next read tries again.
      data.catch(() => cache.get(name) === data && cache.delete(name));
      cache.set(ref.name, data);
    }
    const d = await data;
    if (!d) throw new ExecutorError('SecretMissing', `secret "${ref.name}" not found in namespace "${namespace}"`);
    const v = d[ref.key];
    if (v === undefined) throw new ExecutorError('SecretMissing', `secret "${ref.name}" has no key "${ref.key}"`);
    return Buffer.from(v, 'base64').toString('utf8');
  };
}
