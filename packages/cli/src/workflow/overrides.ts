/**
 * What `argo submit` changes on a workflow before creating it: parameters,
 * entrypoint, names, labels, service account, priority. Pure.
 */
import type { Parameter, Workflow } from '../types.js';
import { setParameters as specSetParameters } from '@argo-ts/spec';
import { parseLabels } from './selectors.js';

export interface SubmitOverrides {
  parameters?: Array<{ name: string; value: string }>;
  entrypoint?: string;
  name?: string;
  generateName?: string;
  labels?: string;
  serviceAccount?: string;
  priority?: number;
}

/** Sets `spec.arguments.parameters`: existing names are overwritten, new ones appended. */
export function setParameters(params: Parameter[] | undefined, overrides: Array<{ name: string; value: string }>): Parameter[] {
  return specSetParameters(params, overrides);
}

export function applyOverrides(wf: Workflow, o: SubmitOverrides): Workflow {
  const out: Workflow = structuredClone(wf);
  out.spec = out.spec ?? {};
  if (o.parameters?.length) {
    out.spec.arguments = { ...(out.spec.arguments ?? {}), parameters: setParameters(out.spec.arguments?.parameters, o.parameters) };
  }
  if (o.entrypoint) out.spec.entrypoint = o.entrypoint;
  if (o.serviceAccount) out.spec.serviceAccountName = o.serviceAccount;
  if (o.priority !== undefined) out.spec.priority = o.priority;
  if (o.generateName) {
    out.metadata.generateName = o.generateName;
    if (!o.name) delete out.metadata.name;
  }
  if (o.name) out.metadata.name = o.name;
  if (o.labels) out.metadata.labels = { ...(out.metadata.labels ?? {}), ...parseLabels(o.labels) };
  return out;
}

/**
 * Parameters from `-f FILE` (YAML or JSON mapping of name → value), then the
 * `-p` flags, which win.
 */
export function mergeParameterSources(fileParams: Record<string, unknown> | undefined, flags: Array<{ name: string; value: string }>): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, v] of Object.entries(fileParams ?? {})) {
    out.push({ name, value: typeof v === 'string' ? v : JSON.stringify(v) });
  }
  for (const f of flags) {
    const i = out.findIndex((p) => p.name === f.name);
    if (i >= 0) out[i] = f;
    else out.push(f);
  }
  return out;
}
