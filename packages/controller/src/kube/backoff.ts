/** The one backoff (and sleep) lives in @argo-ts/spec/kube; the controller imports it through here. */
export { Backoff, sleep, type BackoffOptions } from '@argo-ts/spec/kube';
