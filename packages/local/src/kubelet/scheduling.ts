/** The single local node and whether a pod fits on it (nodeSelector only). */
import { arch, hostname } from 'node:os';
import type { V1Pod } from '@kubernetes/client-node';

export const LOCAL_NODE_NAME = 'argo-ts-local';
export const LOCAL_IP = '127.0.0.1';

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export function localNodeLabels(nodeName = LOCAL_NODE_NAME): Record<string, string> {
  return {
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': GO_ARCH[arch()] ?? arch(),
    'argo-ts.io/host': hostname(),
  };
}

/** undefined when the pod fits, else the reason it does not. */
export function unschedulableReason(pod: V1Pod, nodeLabels: Record<string, string>): string | undefined {
  const selector = pod.spec?.nodeSelector ?? {};
  const mismatched = Object.entries(selector).filter(([k, v]) => nodeLabels[k] !== v);
  if (mismatched.length === 0) return undefined;
  const what = mismatched.map(([k, v]) => `${k}=${v}`).join(', ');
  return `0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector (${what}).`;
}
