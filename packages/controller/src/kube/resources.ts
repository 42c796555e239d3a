/** The API resources the controller reads and writes, and their REST paths. */
import { GROUP, VERSION } from '@argo-ts/spec';

export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const argo = (plural: string, kind: string, namespaced = true): ResourceRef => ({ group: GROUP, version: VERSION, plural, kind, namespaced });
const core = (plural: string, kind: string): ResourceRef => ({ group: '', version: 'v1', plural, kind, namespaced: true });

export const Resources = {
  workflows: argo('workflows', 'Workflow'),
  workflowTemplates: argo('workflowtemplates', 'WorkflowTemplate'),
  clusterWorkflowTemplates: argo('clusterworkflowtemplates', 'ClusterWorkflowTemplate', false),
  cronWorkflows: argo('cronworkflows', 'CronWorkflow'),
  workflowTaskResults: argo('workflowtaskresults', 'WorkflowTaskResult'),
  pods: core('pods', 'Pod'),
  configMaps: core('configmaps', 'ConfigMap'),
  secrets: core('secrets', 'Secret'),
  events: core('events', 'Event'),
  persistentVolumeClaims: core('persistentvolumeclaims', 'PersistentVolumeClaim'),
  leases: { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true } as ResourceRef,
} as const;

/** Resource of an arbitrary object (`createResource` actions): English plural of the kind, lowercased. */
export function resourceFor(apiVersion: string, kind: string): ResourceRef {
  const known = Object.values(Resources).find((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
  if (known) return known;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const lower = kind.toLowerCase();
  const plural = /(s|x|ch|sh)$/.test(lower) ? `${lower}es` : /[^aeiou]y$/.test(lower) ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return { group, version, plural, kind, namespaced: true };
}

export function apiVersionOf(r: ResourceRef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function pathFor(r: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
