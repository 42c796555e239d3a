/** The kinds the Argo Server serves and their Kubernetes REST paths. */
import { Resources, pathFor, type ResourceRef } from '@argo-ts/controller';

export const Kinds = {
  workflows: Resources.workflows,
  workflowTemplates: Resources.workflowTemplates,
  clusterWorkflowTemplates: Resources.clusterWorkflowTemplates,
  cronWorkflows: { ...Resources.workflows, plural: 'cronworkflows', kind: 'CronWorkflow' } as ResourceRef,
  pods: Resources.pods,
  events: Resources.events,
  configMaps: Resources.configMaps,
  secrets: Resources.secrets,
} as const;

export { pathFor, type ResourceRef };

/** `listOptions.*` query parameters (Argo's names) as Kubernetes list/watch parameters. */
export function listQuery(q: Record<string, unknown>): Record<string, string | undefined> {
  const pick = (k: string): string | undefined => {
    const v = q[`listOptions.${k}`];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  return {
    labelSelector: pick('labelSelector'),
    fieldSelector: pick('fieldSelector'),
    resourceVersion: pick('resourceVersion'),
    timeoutSeconds: pick('timeoutSeconds'),
    limit: pick('limit'),
    continue: pick('continue'),
  };
}
