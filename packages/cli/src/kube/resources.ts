/** The API resources the CLI reads and writes. */
export interface ResourceInfo {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Human name for messages, e.g. "workflow template". */
  label: string;
}

const argo = (plural: string, kind: string, label: string, namespaced = true): ResourceInfo => ({
  group: 'argoproj.io', version: 'v1alpha1', plural, kind, namespaced, label,
});

export const Resources = {
  workflow: argo('workflows', 'Workflow', 'workflow'),
  workflowTemplate: argo('workflowtemplates', 'WorkflowTemplate', 'workflow template'),
  clusterWorkflowTemplate: argo('clusterworkflowtemplates', 'ClusterWorkflowTemplate', 'cluster workflow template', false),
  cronWorkflow: argo('cronworkflows', 'CronWorkflow', 'cron workflow'),
  workflowTaskResult: argo('workflowtaskresults', 'WorkflowTaskResult', 'workflow task result'),
  pod: { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, label: 'pod' } as ResourceInfo,
} as const;

export type ResourceName = keyof typeof Resources;

/** URL path of a collection (namespace undefined = all namespaces) or of one item. */
export function resourcePath(r: ResourceInfo, namespace: string | undefined, name?: string, sub?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${r.plural}${item}${sub ? `/${sub}` : ''}`;
}
