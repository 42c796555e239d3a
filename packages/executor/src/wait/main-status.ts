import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { Containers } from '@argo-ts/spec';
import { ExecutorError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';

/** How the kubelet says the main container ended. */
export interface MainTerminated {
  exitCode: number;
  reason?: string;
  message?: string;
}

export interface PodRef {
  kubeConfig: KubeConfig;
  namespace: string;
  name: string;
  log: Logger;
}

/** Backoff between watch attempts: after an error or a watch that ended at once, up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** A watch that lasted this long was healthy: the next one starts without delay. */
const HEALTHY_WATCH_MS = 10_000;
const WATCH_TIMEOUT_S = 300;

/** client-node is loaded on first use, as in the reporter. */
const kube = () => import('@kubernetes/client-node');

/** A container's (main by default) terminated state in a pod object, if it has one. */
export function mainTerminated(pod: V1Pod | undefined, container: string = Containers.main): MainTerminated | undefined {
  const t = pod?.status?.containerStatuses?.find((c) => c.name === container)?.state?.terminated;
  if (!t) return undefined;
  return { exitCode: t.exitCode, ...(t.reason ? { reason: t.reason } : {}), ...(t.message ? { message: t.message } : {}) };
}

/**
 * Resolves once this pod's own `main` container is terminated, by GET then
 * watch (fieldSelector on the pod's name), again after each watch ends.
 * API failures never fail the wait container: they are logged once and
 * retried with backoff, since the exit code file remains the main signal.
 * Rejects only when `signal` aborts.
 */
export async function waitForMainTerminated(pod: PodRef, signal: AbortSignal, container: string = Containers.main): Promise<MainTerminated> {
  if (!pod.name || !pod.namespace) {
    pod.log.warn('ARGO_POD_NAME or ARGO_NAMESPACE is not set: waiting for the exit code file only');
    return new Promise((_resolve, reject) => {
      if (signal.aborted) reject(aborted());
      signal.addEventListener('abort', () => reject(aborted()), { once: true });
    });
  }
  const k = await kube();
  const api = pod.kubeConfig.makeApiClient(k.CoreV1Api);
  let delay = 0;
  let warned = false;
  for (;;) {
    if (delay > 0) await sleep(delay, signal);
    if (signal.aborted) throw aborted();
    const started = Date.now();
    try {
      const current = await api.readNamespacedPod({ name: pod.name, namespace: pod.namespace });
      const t = mainTerminated(current, container) ?? await watchOnce(k, pod, current.metadata?.resourceVersion, signal, container);
      if (t) return t;
    } catch (err) {
      if (signal.aborted) throw aborted();
      if (!warned) pod.log.warn('cannot read own pod to watch the main container; retrying', { error: messageOf(err) });
      warned = true;
    }
    delay = Date.now() - started >= HEALTHY_WATCH_MS ? 0 : Math.min(MAX_RETRY_MS, Math.max(FIRST_RETRY_MS, delay * 2));
  }
}

/** One watch: resolves with main's terminated state, or undefined when the server ends the watch. */
async function watchOnce(
  k: typeof import('@kubernetes/client-node'), pod: PodRef, resourceVersion: string | undefined, signal: AbortSignal, container: string,
): Promise<MainTerminated | undefined> {
  return new Promise<MainTerminated | undefined>((resolve, reject) => {
    let settled = false;
    let controller: AbortController | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      fn();
    };
    const onAbort = () => settle(() => reject(aborted()));
    // Aborted while the GET was in flight: an abort listener added now would never fire.
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const path = `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods`;
    const query = { fieldSelector: `metadata.name=${pod.name}`, resourceVersion, timeoutSeconds: WATCH_TIMEOUT_S };
    // client-node hands out the watch's AbortController only once the response headers arrive
    // (API servers send them at once); a watch settled before that is aborted when they do.
    new k.Watch(pod.kubeConfig).watch(path, query, (phase, obj) => {
      if (phase === 'ERROR') return settle(() => reject(new ExecutorError('Kubernetes', `watch own pod: ${obj?.message ?? 'error event'}`, { transient: true })));
      const t = phase === 'DELETED' ? undefined : mainTerminated(obj as V1Pod, container);
      if (t) settle(() => resolve(t));
    }, (err) => settle(() => (err ? reject(err) : resolve(undefined)))).then((c) => {
      controller = c;
      if (settled) c.abort();
    }, (err) => settle(() => reject(err)));
  });
}

function aborted(): ExecutorError {
  return new ExecutorError('Aborted', 'wait: the pod is being deleted; stopped waiting for the main container');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
