/**
 * A container's environment as the kubelet computes it: `envFrom` first, then
 * `env` in order (later wins), each value `$(VAR)`-expanded against what is
 * defined so far; `valueFrom` reads ConfigMaps, Secrets, pod fields and
 * resource limits.
 */
import { cpus, totalmem } from 'node:os';
import type { V1Container, V1EnvVar, V1ObjectFieldSelector, V1Pod, V1ResourceFieldSelector } from '@kubernetes/client-node';
import type { KubeletApi } from './api.js';
import { expandVars } from './expand.js';
import { parseQuantity } from './quantity.js';
import { LOCAL_IP } from './scheduling.js';

/** A configuration error the pod cannot start with (reason CreateContainerConfigError). */
export class ContainerConfigError extends Error {
  readonly code = 'CreateContainerConfigError' as const;
  readonly transient = false;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** `defaults` come first, as the kubelet's own variables do: the container may override and `$(…)`-reference them. */
export async function resolveEnv(
  pod: V1Pod, container: V1Container, api: KubeletApi, defaults: Record<string, string> = {},
): Promise<Record<string, string>> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = { ...defaults };
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref?.name) continue;
    const data = source.configMapRef
      ? (await api.getConfigMap(namespace, ref.name))?.data
      : decodeSecret((await api.getSecret(namespace, ref.name))?.data);
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${source.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries(data)) {
      const name = `${source.prefix ?? ''}${k}`;
      if (ENV_NAME.test(name)) env[name] = v;
    }
  }
  for (const v of container.env ?? []) {
    const value = await envValue(pod, container, v, api, env);
    if (value !== undefined) env[v.name] = value;
  }
  return env;
}

async function envValue(
  pod: V1Pod, container: V1Container, v: V1EnvVar, api: KubeletApi, soFar: Record<string, string>,
): Promise<string | undefined> {
  if (!v.valueFrom) return expandVars(v.value ?? '', (n) => soFar[n]);
  const namespace = pod.metadata?.namespace ?? 'default';
  const { configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef } = v.valueFrom;
  if (configMapKeyRef) {
    const value = (await api.getConfigMap(namespace, configMapKeyRef.name ?? ''))?.data?.[configMapKeyRef.key];
    if (value === undefined && !configMapKeyRef.optional) {
      throw new ContainerConfigError(`env ${v.name}: key "${configMapKeyRef.key}" not found in configmap "${configMapKeyRef.name}"`);
    }
    return value;
  }
  if (secretKeyRef) {
    const value = decodeSecret((await api.getSecret(namespace, secretKeyRef.name ?? ''))?.data)?.[secretKeyRef.key];
    if (value === undefined && !secretKeyRef.optional) {
      throw new ContainerConfigError(`env ${v.name}: key "${secretKeyRef.key}" not found in secret "${secretKeyRef.name}"`);
    }
    return value;
  }
  if (fieldRef) return fieldRefValue(pod, fieldRef, `env ${v.name}`);
  if (resourceFieldRef) return resourceFieldValue(pod, container, resourceFieldRef, `env ${v.name}`);
  return '';
}

export function decodeSecret(data: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.+)'\]$/;

export function fieldRefValue(pod: V1Pod, ref: V1ObjectFieldSelector, where: string): string {
  const path = ref.fieldPath;
  const sub = SUBSCRIPT.exec(path);
  if (sub) return pod.metadata?.[sub[1] as 'labels' | 'annotations']?.[sub[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'metadata.labels': return formatMap(pod.metadata?.labels);
    case 'metadata.annotations': return formatMap(pod.metadata?.annotations);
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP': case 'status.podIPs': return pod.status?.podIP ?? LOCAL_IP;
    case 'status.hostIP': case 'status.hostIPs': return LOCAL_IP;
    default: throw new ContainerConfigError(`${where}: unsupported fieldRef.fieldPath "${path}"`);
  }
}

/** `key="value"` lines, sorted, as the downward API writes them. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {}).sort().map((k) => `${k}=${JSON.stringify(map![k])}`).join('\n');
}

export function resourceFieldValue(pod: V1Pod, container: V1Container | undefined, ref: V1ResourceFieldSelector, where: string): string {
  const target = ref.containerName ? pod.spec?.containers.find((c) => c.name === ref.containerName) : container;
  if (!target) throw new ContainerConfigError(`${where}: resourceFieldRef names no container`);
  const [kind, resource] = ref.resource.split('.', 2) as [string, string];
  if ((kind !== 'limits' && kind !== 'requests') || !['cpu', 'memory', 'ephemeral-storage'].includes(resource)) {
    throw new ContainerConfigError(`${where}: unsupported resourceFieldRef.resource "${ref.resource}"`);
  }
  const set = target.resources?.[kind]?.[resource] ?? (kind === 'requests' ? target.resources?.limits?.[resource] : undefined);
  const allocatable = resource === 'cpu' ? cpus().length : resource === 'memory' ? totalmem() : 0;
  const value = set !== undefined ? parseQuantity(set) : kind === 'limits' ? allocatable : 0;
  const divisor = ref.divisor !== undefined ? parseQuantity(ref.divisor) : 1;
  return String(Math.ceil(value / divisor));
}
