/**
 * Getting a container's image before it starts, as the kubelet does:
 * credentials from the pod's imagePullSecrets (else its service account's),
 * events (Pulling, Pulled, Failed, BackOff), and on failure the container
 * waits as ErrImagePull, then ImagePullBackOff with the error in its message,
 * retrying after 10 s, doubling up to 5 min, until the pod is deleted.
 */
import { randomBytes } from 'node:crypto';
import type { CoreV1Event, V1Container, V1Pod } from '@kubernetes/client-node';
import { credentialsFor, parseDockerConfig, parseImageReference, type Credential } from '@argo-ts/oci';
import { ImagePullError, type PullOutcome, type PullPolicy } from '../images/puller.js';
import type { PodRuntime } from './runtime.js';

const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
/** The reason of the event that says an image ran with host tools (the CLI prints these). */
export const HOST_TOOLS_EVENT_REASON = 'HostTools';

export type WaitingSetter = (reason: string, message?: string) => void;

/** Resolves with the outcome, or undefined when the pod was deleted while waiting. */
export async function pullImage(rt: PodRuntime, pod: V1Pod, c: V1Container, setWaiting: WaitingSetter, signal: AbortSignal): Promise<PullOutcome | undefined> {
  const puller = rt.images!;
  const image = c.image ?? '';
  const event = (type: 'Normal' | 'Warning', reason: string, message: string): void => podEvent(rt, pod, c, type, reason, message);
  let creds: Credential[] = [];
  let delay = BACKOFF_START_MS;
  for (;;) {
    if (signal.aborted) return undefined;
    try {
      creds = await pullCredentials(rt, pod, image);
      const policy = c.imagePullPolicy as PullPolicy | undefined;
      const started = Date.now();
      const outcome = await puller.ensure(image, policy, creds);
      if (outcome.kind === 'host') {
        if (puller.mode === 'auto') event('Warning', HOST_TOOLS_EVENT_REASON, hostToolsMessage(image, outcome.reason));
        return outcome;
      }
      if (outcome.note) event('Warning', HOST_TOOLS_EVENT_REASON, `image ${image} ${outcome.note}`);
      if (outcome.pulled) {
        const secs = ((Date.now() - started) / 1000).toFixed(3);
        event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s. Image size: ${outcome.image.size} bytes.`);
      } else {
        event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      }
      return outcome;
    } catch (e) {
      if (!(e instanceof ImagePullError)) throw e;
      if (e.reason !== 'ErrImagePull') {
        // Kubernetes keeps retrying these too (the pod may be fixed); they are worded as the kubelet words them.
        event('Warning', e.reason, e.message);
        setWaiting(e.reason, e.message);
      } else {
        event('Warning', 'Failed', `Failed to pull image "${image}": ${e.message}`);
        event('Warning', 'Failed', 'Error: ErrImagePull');
        setWaiting('ErrImagePull', e.message);
      }
      if (!(await sleep(Math.min(delay / 4, 2_000), signal))) return undefined;
      if (e.reason === 'ErrImagePull') {
        event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
        setWaiting('ImagePullBackOff', `Back-off pulling image "${image}": ErrImagePull: ${e.message}`);
      }
      if (!(await sleep(delay, signal))) return undefined;
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    }
  }
}

export function hostToolsMessage(image: string, reason: string): string {
  return `image ${image} not pulled (${reason}): ran with host tools`;
}

/** Secrets named by the pod, else by its service account; a missing or malformed one is skipped, as the kubelet does. */
async function pullCredentials(rt: PodRuntime, pod: V1Pod, image: string): Promise<Credential[]> {
  const namespace = pod.metadata?.namespace ?? 'default';
  let names = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean);
  if (names.length === 0) {
    const sa = await rt.api.getServiceAccount(namespace, pod.spec?.serviceAccountName || 'default');
    names = (sa?.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean);
  }
  if (names.length === 0) return [];
  let registry: string;
  try {
    registry = parseImageReference(image).registry;
  } catch {
    return [];
  }
  const rings = [];
  for (const name of names) {
    const secret = await rt.api.getSecret(namespace, name);
    const data = secret?.data?.['.dockerconfigjson'];
    if (!data) {
      rt.logOnce(`pod ${namespace}/${pod.metadata?.name}: imagePullSecret ${name} not found or not kubernetes.io/dockerconfigjson; pulling without it`);
      continue;
    }
    try {
      rings.push(parseDockerConfig(Buffer.from(data, 'base64').toString('utf8'), `secret ${namespace}/${name}`));
    } catch (e) {
      rt.logOnce(`pod ${namespace}/${pod.metadata?.name}: ${(e as Error).message}`);
    }
  }
  return credentialsFor(registry, rings);
}

export function podEvent(rt: PodRuntime, pod: V1Pod, c: V1Container | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
  const namespace = pod.metadata?.namespace ?? 'default';
  const now = new Date();
  const event: CoreV1Event = {
    metadata: { name: `${pod.metadata?.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, namespace, uid: pod.metadata?.uid,
      ...(c ? { fieldPath: `spec.containers{${c.name}}` } : {}),
    },
    reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
    source: { component: 'kubelet', host: rt.nodeName }, reportingComponent: 'kubelet', reportingInstance: rt.nodeName,
  };
  rt.api.createEvent(namespace, event).catch((e: Error) => rt.log(`event ${reason} for pod ${namespace}/${pod.metadata?.name}: ${e.message}`));
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
