/** Graph helpers over the node map: outbound nodes and child linking as Argo records them. */
import type { NodeStatus } from './model.js';
import { podName } from '@argo-ts/lang';
import type { Operation } from './state.js';

const LEAF_TYPES = new Set(['Pod', 'Skipped', 'Suspend', 'HTTP', 'Plugin', 'Container']);

/** The nodes a successor links from: leaves as themselves, groups through their children. */
export function outboundNodes(op: Operation, id: string): string[] {
  const node = op.byId(id);
  if (!node) return [];
  if (LEAF_TYPES.has(node.type)) return [id];
  if (node.type === 'TaskGroup') {
    if (!node.children?.length) return [id];
    return node.children.flatMap((c) => outboundNodes(op, c));
  }
  if (node.type === 'Retry') {
    const last = node.children?.[node.children.length - 1];
    return last ? [last] : [id];
  }
  const out = (node.outboundNodes ?? []).flatMap((o) => outboundNodes(op, o));
  return out.length ? out : [id];
}

/** Links `childId` under every outbound node of each predecessor (or under `fallbackParent`). */
export function linkAfter(op: Operation, predecessors: NodeStatus[], childId: string, fallbackParent: string): void {
  if (!predecessors.length) {
    op.addChild(fallbackParent, childId);
    return;
  }
  for (const p of predecessors) for (const o of outboundNodes(op, p.id)) op.addChild(o, childId);
}

export function isFailure(phase: string | undefined): boolean {
  return phase === 'Failed' || phase === 'Error';
}

/**
 * Daemoned children outlive their step only until the template that started
 * them finishes: their pods are deleted and the nodes end Succeeded.
 */
export function stopDaemons(op: Operation, childIds: Iterable<string>): void {
  for (const id of childIds) {
    const n = op.byId(id);
    if (!n?.daemoned || n.phase === 'Succeeded' || n.phase === 'Failed' || n.phase === 'Error') continue;
    if (n.type === 'Pod') op.emit({ type: 'deletePod', name: podName(op.name, n.name, n.templateName) });
    op.mark(id, 'Succeeded');
  }
}
