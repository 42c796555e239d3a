/**
 * Validation before a write, as Argo's server validates: the same lint the
 * CLI runs (spec's lintObjects), with templateRefs resolved against the
 * (Cluster)WorkflowTemplates stored in the cluster.
 */
import { lintObjects, type LintKind, type TemplateRefResolver } from '@argo-ts/spec';
import { ApiError } from '../errors.js';
import type { Kube } from '../kube/client.js';
import { Kinds, pathFor } from '../kube/resources.js';

type Obj = Record<string, any>;

async function clusterResolver(kube: Kube, ns: string | undefined): Promise<TemplateRefResolver> {
  const [wfts, cwfts] = await Promise.all([
    ns ? kube.get<{ items?: Obj[] }>(pathFor(Kinds.workflowTemplates, ns)).catch(() => ({ items: [] })) : Promise.resolve({ items: [] as Obj[] }),
    kube.get<{ items?: Obj[] }>(pathFor(Kinds.clusterWorkflowTemplates)).catch(() => ({ items: [] })),
  ]);
  const byName = (items: Obj[] | undefined) => new Map((items ?? []).map((o) => [String(o.metadata?.name), o]));
  const namespaced = byName(wfts.items);
  const cluster = byName(cwfts.items);
  return (name, clusterScope) => (clusterScope ? cluster : namespaced).get(name);
}

/** Throws InvalidArgument listing every lint error of `obj`; warnings pass. */
export async function lintOrThrow(kube: Kube, obj: Obj, ns: string | undefined): Promise<void> {
  const kinds = [obj.kind] as LintKind[];
  let result = lintObjects([obj], { strict: true, kinds, source: String(obj.kind) });
  if (result.problems.some((p) => p.code === 'unknown-template-ref')) {
    result = lintObjects([obj], { strict: true, kinds, source: String(obj.kind), resolveTemplateRef: await clusterResolver(kube, ns) });
  }
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new ApiError('InvalidArgument', errors.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
  }
}
