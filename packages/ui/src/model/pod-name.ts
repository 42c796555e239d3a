/**
 * The pod a node ran in, by @argo-ts/lang's naming rule (the one the
 * controller creates pods by; lang imports nothing of Node, so it bundles for
 * the browser).
 */
import { podNameOfNode } from '@argo-ts/lang';
import type { NodeStatus, Workflow } from './types';

export { fnv32a } from '@argo-ts/lang';

export function podName(wf: Pick<Workflow, 'metadata'>, node: Pick<NodeStatus, 'id' | 'name' | 'templateName' | 'templateRef'>): string {
  return podNameOfNode(
    { name: wf.metadata.name ?? '', annotations: wf.metadata.annotations },
    { id: node.id, name: node.name, templateName: node.templateName || node.templateRef?.template },
  );
}
