/** A templateRef resolver over the (Cluster)WorkflowTemplates stored in the cluster, for linting before submit. */
import type { ArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import type { TemplateRefResolver } from './manifests.js';

export async function clusterTemplateResolver(api: ArgoApi, namespace: string): Promise<TemplateRefResolver> {
  const [wfts, cwfts] = await Promise.all([
    api.list(Resources.workflowTemplate, { namespace }),
    api.list(Resources.clusterWorkflowTemplate, {}).catch(() => []),
  ]);
  const byName = (list: typeof wfts) => new Map(list.map((o) => [o.metadata.name!, o as Record<string, unknown>]));
  const ns = byName(wfts);
  const cluster = byName(cwfts);
  return (name, clusterScope) => (clusterScope ? cluster : ns).get(name);
}
