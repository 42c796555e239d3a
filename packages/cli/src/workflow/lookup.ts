/** Finding workflows: by name (with Argo's `@latest` alias) or by list filters. */
import type { ArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import { CliError } from '../errors.js';
import { isCompleted, type Workflow } from '../types.js';
import { parseDuration } from '../format/time.js';
import { sortByCreation } from '../format/list.js';

export const LATEST = '@latest';

export async function getWorkflow(api: ArgoApi, namespace: string, name: string): Promise<Workflow> {
  if (name === LATEST) {
    const all = (await api.list(Resources.workflow, { namespace })) as Workflow[];
    const newest = sortByCreation(all)[0];
    if (!newest) throw new CliError('not-found', `@latest: there are no workflows in namespace ${namespace}`);
    return newest;
  }
  return (await api.get(Resources.workflow, name, namespace)) as Workflow;
}

export interface WorkflowFilter {
  running?: boolean;
  completed?: boolean;
  status?: string[];
  prefix?: string;
  /** Seconds: created within this long before now. */
  since?: string;
  /** Seconds: finished before this long before now. */
  older?: string;
  resubmitted?: boolean;
}

function seconds(flag: string, text: string): number {
  const s = parseDuration(text);
  if (s === undefined) throw new CliError('usage', `${flag} ${text}: not a duration (use e.g. 30s, 10m, 3h, 1d)`);
  return s;
}

/** Client-side filters of `argo list` / `argo delete` (the label selector goes to the server). */
export function filterWorkflows(wfs: Workflow[], f: WorkflowFilter, now: Date): Workflow[] {
  if (f.running && f.completed) throw new CliError('usage', '--running and --completed are mutually exclusive');
  const since = f.since ? now.getTime() - seconds('--since', f.since) * 1000 : undefined;
  const older = f.older ? now.getTime() - seconds('--older', f.older) * 1000 : undefined;
  const statuses = (f.status ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  return wfs.filter((wf) => {
    if (f.running && isCompleted(wf)) return false;
    if (f.completed && !isCompleted(wf)) return false;
    if (statuses.length && !statuses.includes((wf.status?.phase || 'Pending').toLowerCase())) return false;
    if (f.prefix && !(wf.metadata.name ?? '').startsWith(f.prefix)) return false;
    if (since !== undefined && new Date(wf.metadata.creationTimestamp ?? 0).getTime() < since) return false;
    if (older !== undefined) {
      const fin = wf.status?.finishedAt ? new Date(wf.status.finishedAt).getTime() : undefined;
      if (fin === undefined || fin > older) return false;
    }
    if (f.resubmitted && !wf.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow']) return false;
    return true;
  });
}
