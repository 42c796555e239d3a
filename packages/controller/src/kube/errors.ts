/**
 * The Kubernetes API error (one type for every package, with its Status,
 * code and transient/permanent) lives in @argo-ts/spec/kube; the controller
 * imports it through here.
 */
export { KubeApiError, isCode, isTransient, errorMessage, type KubeErrorCode } from '@argo-ts/spec/kube';
