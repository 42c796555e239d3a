import type { V1Pod } from '@kubernetes/client-node';
import { Backoff, connectionFromKubeConfig, KubeClient, sleep, type KubeConfigLike } from '@argo-ts/spec/kube';
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
  kubeConfig: KubeConfigLike;
  namespace: string;
  name: string;
  log: Logger;
}

/** Backoff between watch attempts (the one Backoff): after an error or a watch that ended at once. */
const RETRY = { initialMs: 500, maxMs: 10_000, jitter: 0 };
/** A watch that lasted this long was healthy: the next one starts without delay. */
const HEALTHY_WATCH_MS = 10_000;
const WATCH_TIMEOUT_S = 300;

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
  const api = new KubeClient(connectionFromKubeConfig(pod.kubeConfig), { timeoutMs: 30_000, keepAlive: false });
  const backoff = new Backoff(RETRY);
  let delay = 0;
  let warned = false;
  for (;;) {
    if (delay > 0) await sleep(delay, signal);
    if (signal.aborted) throw aborted();
    const started = Date.now();
    try {
      const current = await api.json<V1Pod>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}` }, signal);
      const t = mainTerminated(current, container) ?? await watchOnce(api, pod, current.metadata?.resourceVersion, signal, container);
      if (t) return t;
    } catch (err) {
      if (signal.aborted) throw aborted();
      if (!warned) pod.log.warn('cannot read own pod to watch the main container; retrying', { error: messageOf(err) });
      warned = true;
    }
    if (Date.now() - started >= HEALTHY_WATCH_MS) {
      backoff.reset();
      delay = 0;
    } else {
      delay = backoff.next();
    }
  }
}

/** One watch: resolves with main's terminated state, or undefined when the server ends the watch. */
async function watchOnce(
  api: KubeClient, pod: PodRef, resourceVersion: string | undefined, signal: AbortSignal, container: string,
): Promise<MainTerminated | undefined> {
  let found: MainTerminated | undefined;
  const how = await api.watch<V1Pod>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods`, query: { fieldSelector: `metadata.name=${pod.name}`, resourceVersion, timeoutSeconds: WATCH_TIMEOUT_S } }, (type, obj) => {
    found = type === 'DELETED' ? undefined : mainTerminated(obj, container);
    // false ends the watch: main has terminated.
    return found === undefined;
  }, signal);
  if (how === 'stopped' && !found) throw aborted();
  return found;
}

function aborted(): ExecutorError {
  return new ExecutorError('Aborted', 'wait: the pod is being deleted; stopped waiting for the main container');
}
