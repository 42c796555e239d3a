/** Following one workflow through the API's watch until it completes. */
import type { ArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import { CliError } from '../errors.js';
import { isCompleted, type Workflow } from '../types.js';
import { getWorkflow } from './lookup.js';

/**
 * Calls `onUpdate` with the current object and with every change, and
 * resolves with the completed workflow. Uses one watch (no polling).
 */
export async function followWorkflow(api: ArgoApi, namespace: string, name: string, onUpdate: (wf: Workflow) => void, signal?: AbortSignal): Promise<Workflow> {
  let wf = await getWorkflow(api, namespace, name);
  onUpdate(wf);
  if (isCompleted(wf)) return wf;
  const wfName = wf.metadata.name!;
  let deleted = false;
  await api.watch(
    Resources.workflow,
    { namespace, name: wfName, resourceVersion: wf.metadata.resourceVersion },
    (ev) => {
      if (ev.object?.metadata?.name !== wfName) return true;
      if (ev.type === 'DELETED') { deleted = true; return false; }
      wf = ev.object as Workflow;
      onUpdate(wf);
      return !isCompleted(wf);
    },
    signal,
  );
  if (deleted) throw new CliError('not-found', `workflow ${namespace}/${wfName} was deleted while being watched`);
  return wf;
}

/** `<name> <Phase> at <finishedAt>`, the line `argo wait` and `submit --wait` print. */
export function waitLine(wf: Workflow): string {
  return `${wf.metadata.name} ${wf.status?.phase ?? ''} at ${wf.status?.finishedAt ?? ''}`;
}

export function succeeded(wf: Workflow): boolean {
  return wf.status?.phase === 'Succeeded';
}
