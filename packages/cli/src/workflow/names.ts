/**
 * Pod names of a workflow's nodes, as the controller derives them
 * (@argo-ts/lang holds the rule); shared by the node table and the
 * retry/resubmit actions, so neither imports the other.
 */
import { podNameOfNode } from '@argo-ts/lang';
import type { NodeStatus, Workflow } from '../types.js';

/** The template a node ran: the referenced template's name for a templateRef. */
function templateOf(node: NodeStatus): string {
  return node.templateRef ? node.templateRef.template ?? '' : node.templateName ?? '';
}

/** Pod name of a Pod node; '' for other nodes. */
export function podNameOf(wf: Workflow, node: NodeStatus): string {
  if (node.type !== 'Pod') return '';
  return podNameOfNode(
    { name: wf.metadata.name ?? '', annotations: wf.metadata.annotations },
    { id: node.id, name: node.name, templateName: templateOf(node) },
  );
}
