/**
 * ARGO_TEMPLATE too large for the environment: execve refuses any single
 * environment string over 128 KiB, so such a pod could never start its
 * containers. As Argo does, the template then goes into a ConfigMap named
 * after the pod (owned by the workflow), mounted read-only at /argo/config in
 * every container that carried it, and ARGO_TEMPLATE says "offloaded".
 */
import type { V1ConfigMap, V1Container, V1Pod } from '@kubernetes/client-node';
import { Annotations, API_VERSION, Env, Labels, TemplateOffload } from '@argo-ts/spec';

export interface OffloadedPod {
  pod: V1Pod;
  /** The ConfigMap to create before the pod; absent when nothing was offloaded. */
  configMap?: V1ConfigMap;
}

export function offloadLargeTemplate(pod: V1Pod, workflow: { name: string; uid: string }): OffloadedPod {
  const spec = pod.spec;
  if (!spec) return { pod };
  const carriers = [...(spec.initContainers ?? []), ...spec.containers];
  const value = carriers.flatMap((c) => c.env ?? []).find((e) => e.name === Env.template && e.value !== undefined)?.value;
  // What execve counts: `NAME=value` and its NUL (Argo compares the value alone, which lets a few bytes too many through).
  if (value === undefined || Buffer.byteLength(`${Env.template}=${value}`) + 1 <= TemplateOffload.maxEnvBytes) return { pod };
  const offload = (c: V1Container): V1Container => {
    if (!(c.env ?? []).some((e) => e.name === Env.template)) return c;
    return {
      ...c,
      env: c.env!.map((e) => (e.name === Env.template ? { name: e.name, value: TemplateOffload.sentinel } : e)),
      volumeMounts: [...(c.volumeMounts ?? []), { name: TemplateOffload.volumeName, mountPath: TemplateOffload.mountPath, readOnly: true }],
    };
  };
  const name = pod.metadata!.name!;
  const configMap: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: pod.metadata?.namespace,
      labels: { [Labels.workflow]: workflow.name },
      annotations: {
        [Annotations.nodeName]: pod.metadata?.annotations?.[Annotations.nodeName] ?? '',
        [Annotations.nodeId]: pod.metadata?.annotations?.[Annotations.nodeId] ?? '',
      },
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'Workflow', name: workflow.name, uid: workflow.uid, controller: true, blockOwnerDeletion: true }],
    },
    data: { [TemplateOffload.key]: value },
  };
  return {
    configMap,
    pod: {
      ...pod,
      spec: {
        ...spec,
        ...(spec.initContainers ? { initContainers: spec.initContainers.map(offload) } : {}),
        containers: spec.containers.map(offload),
        volumes: [...(spec.volumes ?? []), { name: TemplateOffload.volumeName, configMap: { name } }],
      },
    },
  };
}
