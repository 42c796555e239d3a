/**
 * The kubeconfig clients use for the local cluster (plain http on loopback).
 * It carries the admin token twice: as the user's token (client-node sends
 * it as a bearer header) and in the server URL's path, because client-go
 * (kubectl) never sends a bearer token over plain http (see the API server's
 * PATH_TOKEN_PREFIX). The file is 0600 in a 0700 state dir. In-process
 * clients (kubeConfigFor) get the token as a header only.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { stringify } from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { PATH_TOKEN_PREFIX } from '../apiserver/auth/authn.js';

export const CONTEXT_NAME = 'argo-ts-local';

export function kubeconfigYaml(apiUrl: string, token: string, inPath = true): string {
  const server = inPath ? `${apiUrl.replace(/\/+$/, '')}${PATH_TOKEN_PREFIX}${token}` : apiUrl;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses http:// unless TLS verification is off; kubectl accepts the flag too.
    clusters: [{ name: CONTEXT_NAME, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT_NAME, user: { token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
  });
}

export function writeKubeconfig(path: string, apiUrl: string, token: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, kubeconfigYaml(apiUrl, token), { mode: 0o600 });
  renameSync(tmp, path);
}

export function kubeConfigFor(apiUrl: string, token: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  // In-process clients send the header; the plain URL is what pods' kubeconfigs are derived from, so the admin token never reaches a pod.
  kc.loadFromString(kubeconfigYaml(apiUrl, token, false));
  return kc;
}
