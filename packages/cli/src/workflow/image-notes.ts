/**
 * What the local kubelet says when it ran an image with the host's tools
 * instead of pulling it (auto image mode, registry unreachable): its
 * `HostTools` events on the workflow's pods, printed once below the tree by
 * `argo get` and `argo submit --watch`. Never a silent fallback.
 */
import type { ArgoApi } from '../kube/api.js';
import type { ResourceInfo } from '../kube/resources.js';
import type { Workflow } from '../types.js';

/** The reason the local kubelet gives these events (kubelet/image-pull.ts). */
export const HOST_TOOLS_REASON = 'HostTools';

const EVENTS = { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true, label: 'event' } as ResourceInfo;

/** Distinct messages, in order; none when the cluster is not the local one or cannot list events. */
export async function hostToolsNotes(api: ArgoApi, wf: Workflow): Promise<string[]> {
  const name = wf.metadata.name ?? '';
  let events;
  try {
    events = await api.list(EVENTS, { namespace: wf.metadata.namespace ?? api.namespace, fieldSelector: `reason=${HOST_TOOLS_REASON}` });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of events as Array<{ reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } }>) {
    // A pod is named after its workflow: the workflow's own name for a lone pod, else `<workflow>-…`.
    const pod = e.involvedObject?.name ?? '';
    if (e.reason !== HOST_TOOLS_REASON || e.involvedObject?.kind !== 'Pod' || (pod !== name && !pod.startsWith(`${name}-`))) continue;
    if (e.message && !out.includes(e.message)) out.push(e.message);
  }
  return out;
}
