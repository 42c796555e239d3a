/**
 * `podSpecPatch` (JSON or YAML text) merged into a pod spec the way a
 * strategic merge patch treats pod specs: containers, initContainers and
 * volumes merge by name, other objects merge key by key, scalars and other
 * lists replace.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { OperatorError } from '../operator/types.js';

const MERGE_BY_NAME = new Set(['containers', 'initContainers', 'volumes', 'volumeMounts', 'env', 'ports']);

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function mergeByName(base: unknown[], patch: unknown[]): unknown[] {
  const out = [...base];
  for (const p of patch) {
    const name = isObj(p) ? p['name'] : undefined;
    const i = name === undefined ? -1 : out.findIndex((b) => isObj(b) && b['name'] === name);
    if (i >= 0) out[i] = merge(out[i], p);
    else out.push(p);
  }
  return out;
}

function merge(base: unknown, patch: unknown, key = ''): unknown {
  if (patch === null) return undefined;
  if (Array.isArray(base) && Array.isArray(patch) && MERGE_BY_NAME.has(key)) return mergeByName(base, patch);
  if (!isObj(base) || !isObj(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const m = merge(base[k], v, k);
    if (m === undefined) delete out[k];
    else out[k] = m;
  }
  return out;
}

export function applyPodSpecPatch(pod: V1Pod, patchText: string): V1Pod {
  let patch: unknown;
  try {
    patch = parse(patchText);
  } catch (e) {
    throw new OperatorError('InvalidSpec', `podSpecPatch: not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isObj(patch)) throw new OperatorError('InvalidSpec', 'podSpecPatch: expected an object of pod spec fields');
  return { ...pod, spec: merge(pod.spec, patch) as V1Pod['spec'] };
}
