import type { KubeConfig } from '@kubernetes/client-node';
import { ExecutorError } from '../errors.js';
import type { SecretRef } from '../template.js';

/** Reads secret keys through the API server, in the pod's namespace only; cached per run. */
export function secretReader(kubeConfig: KubeConfig, namespace: string): (ref: SecretRef) => Promise<string> {
  // client-node costs ~70 MB of RSS: load it only when a secret is actually read.
  const api = import('@kubernetes/client-node').then((k) => kubeConfig.makeApiClient(k.CoreV1Api));
  const cache = new Map<string, Promise<Record<string, string> | undefined>>();
  return async (ref) => {
    let data = cache.get(ref.name);
    if (!data) {
      data = api.then((a) => a.readNamespacedSecret({ name: ref.name, namespace })).then(
        (s) => s.data ?? {},
        (err) => {
          if ((err as { code?: number }).code === 404) return undefined;
          throw new ExecutorError('Kubernetes', `reading secret ${namespace}/${ref.name}: ${(err as Error).message}`, { transient: true, cause: err });
        },
      );
      cache.set(ref.name, data);
    }
    const d = await data;
    if (!d) throw new ExecutorError('SecretMissing', `secret "${ref.name}" not found in namespace "${namespace}"`);
    const v = d[ref.key];
    if (v === undefined) throw new ExecutorError('SecretMissing', `secret "${ref.name}" has no key "${ref.key}"`);
    return Buffer.from(v, 'base64').toString('utf8');
  };
}
