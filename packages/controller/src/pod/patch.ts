/**
 * `podSpecPatch` (JSON or YAML text) merged into a pod spec by Kubernetes'
 * strategic merge (the one implementation in @argo-ts/spec, shared with the
 * local API server): containers, volumes and env merge by name, volumeMounts
 * by mountPath, container ports by containerPort, other lists replace.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { strategicMergePatch, StrategicMergeError } from '@argo-ts/spec';
import { OperatorError } from '../operator/types.js';

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function applyPodSpecPatch(pod: V1Pod, patchText: string): V1Pod {
  let patch: unknown;
  try {
    patch = parse(patchText);
  } catch (e) {
    throw new OperatorError('InvalidSpec', `podSpecPatch: not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObj(patch)) throw new OperatorError('InvalidSpec', 'podSpecPatch: expected an object of pod spec fields');
  try {
    return { ...pod, spec: strategicMergePatch(pod.spec, patch) as V1Pod['spec'] };
  } catch (e) {
    if (e instanceof StrategicMergeError) throw new OperatorError('InvalidSpec', `podSpecPatch: ${e.message}`);
    throw e;
  }
}
