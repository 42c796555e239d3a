import type { KubeConfigLike } from '@argo-ts/spec/kube';
import type { Clock } from './clock.js';

/**
 * Everything one executor invocation needs from its surroundings. The local
 * kubelet builds it for in-process runs (container paths mapped through the
 * container's volumeMounts); the `argoexec` binary builds it with identity
 * paths and in-cluster config. Nothing in the executor reads process.env,
 * process.argv or absolute container paths directly.
 */
export interface ExecutorContext {
  /** argv after 'argoexec', e.g. ['init'] or ['wait']. */
  args: string[];
  /** The container's resolved env (ARGO_TEMPLATE, ARGO_POD_NAME, ...). */
  env: Record<string, string>;
  /** Container path → host path via that container's volumeMounts. */
  resolvePath(containerPath: string): string;
  /**
   * For the pod's API server (own pod, secrets in the pod's namespace, task results):
   * client-node's KubeConfig, or what @argo-ts/spec/kube's podKubeConfig reads without it.
   */
  kubeConfig: KubeConfigLike;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted when the pod is deleted. */
  signal: AbortSignal;
  /** Time for grace periods; the system clock unless a test injects one. */
  clock?: Clock;
}

/** What the container exits with; `message` is the termination message. */
export interface ExecutorResult {
  exitCode: number;
  message?: string;
}
