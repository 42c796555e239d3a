/**
 * What the kubelet needs from the API server, as a narrow interface so the
 * pod runner can be tested without one. `kubeletApi` (http-api.ts)
 * implements it with the shared Kubernetes client.
 */
import type { CoreV1Event, V1ConfigMap, V1PodStatus, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';

export interface KubeletApi {
  getConfigMap(namespace: string, name: string): Promise<V1ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<V1Secret | undefined>;
  getServiceAccount(namespace: string, name: string): Promise<V1ServiceAccount | undefined>;
  /** Replaces the pod's status (merge patch of the whole status). false when the pod is gone. */
  patchPodStatus(namespace: string, name: string, status: V1PodStatus): Promise<boolean>;
  /** Sets spec.nodeName (binding). */
  bindPod(namespace: string, name: string, nodeName: string): Promise<void>;
  /** Final removal after the kubelet stopped the containers (gracePeriodSeconds=0). */
  deletePodNow(namespace: string, name: string, uid: string): Promise<void>;
  /** Marks a claim Bound; false when no such PersistentVolumeClaim exists. */
  bindClaim(namespace: string, name: string): Promise<boolean>;
  /** A token for the service account, bound to the pod (TokenRequest). */
  serviceAccountToken(namespace: string, account: string, pod: BoundPod): Promise<string>;
  /** Records an event about a pod (image pulls, host-tools fallback). */
  createEvent(namespace: string, event: CoreV1Event): Promise<void>;
}

export interface BoundPod {
  name: string;
  uid: string;
}

/** Bound tokens live as long as their pod; the kubelet does not rotate them, so it asks for a long expiry. */
export const POD_TOKEN_SECONDS = 365 * 24 * 3600;

export function tokenRequestBody(pod: BoundPod): Record<string, unknown> {
  return {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
    spec: { audiences: [], expirationSeconds: POD_TOKEN_SECONDS, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.name, uid: pod.uid } },
  };
}

export function statusCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}
