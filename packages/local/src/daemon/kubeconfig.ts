/** The kubeconfig clients use for the local cluster (plain http on loopback). */
import { writeFileSync, renameSync } from 'node:fs';
import { stringify } from 'yaml';
import * as k8s from '@kubernetes/client-node';

export const CONTEXT_NAME = 'argo-ts-local';

export function kubeconfigYaml(apiUrl: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses http:// unless TLS verification is off; kubectl accepts the flag too.
    clusters: [{ name: CONTEXT_NAME, cluster: { server: apiUrl, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT_NAME, user: {} }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
  });
}

export function writeKubeconfig(path: string, apiUrl: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, kubeconfigYaml(apiUrl), { mode: 0o600 });
  renameSync(tmp, path);
}

export function kubeConfigFor(apiUrl: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigYaml(apiUrl));
  return kc;
}
