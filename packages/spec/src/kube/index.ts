/** The Kubernetes API client shared by every package: `@argo-ts/spec/kube`. */
export { KubeClient, PATCH_CONTENT_TYPES, type KubeRequest, type KubeClientOptions, type PatchType, type WatchEventType } from './client.js';
export { connectionFromKubeConfig, type KubeConnection, type KubeCredentials, type KubeTls, type KubeConfigLike } from './connection.js';
export { KubeApiError, statusError, networkError, isCode, isTransient, errorMessage, type KubeErrorCode, type KubeStatus } from './errors.js';
export { Backoff, sleep, retryTransient, type BackoffOptions, type RetryOptions } from './backoff.js';
export { podKubeConfig, PodConfigError, IN_CLUSTER_DIR, type PodConfigInputs } from './pod-config.js';
