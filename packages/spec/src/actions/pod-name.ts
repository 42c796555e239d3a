/** Node IDs and pod names of API objects, by @argo-ts/lang's one naming rule. */
import { fnv32a, nodeId, podNameOfNode } from '@argo-ts/lang';
import type { ApiNodeStatus, ApiWorkflow } from './types.js';

export { fnv32a };

export function nodeIdFor(wfName: string, nodeName: string): string {
  return nodeId(wfName, nodeName);
}

/** The template a node ran: the referenced template's name for a templateRef. */
function templateOf(node: ApiNodeStatus): string {
  return node.templateRef ? node.templateRef.template ?? '' : node.templateName ?? '';
}

/** Pod name of a Pod node, as the controller derives it; '' for other nodes. */
export function podNameOf(wf: ApiWorkflow, node: ApiNodeStatus): string {
  if (node.type !== 'Pod') return '';
  return podNameOfNode(
    { name: wf.metadata.name ?? '', annotations: wf.metadata.annotations },
    { id: node.id, name: node.name, templateName: templateOf(node) },
  );
}
