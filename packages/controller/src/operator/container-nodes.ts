/**
 * The Container nodes of a containerSet's Pod node follow their containers:
 * Running, then Succeeded or Failed by exit code; none is left unfinished
 * once the Pod node is.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { isFulfilled } from '@argo-ts/spec';
import type { NodePhase } from '@argo-ts/spec';
import type { NodeStatus } from './model.js';
import type { Operation } from './state.js';

/** Container nodes of a Pod node, by container name (none for container/script pods). */
function containerNodes(op: Operation, node: NodeStatus, names: string[]): Map<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  if (!node.children?.length) return out;
  for (const n of names) {
    const c = op.byName(`${node.name}.${n}`);
    if (c?.type === 'Container') out.set(n, c);
  }
  return out;
}

/** Folds each container's status into its Container node. */
export function observeContainers(op: Operation, node: NodeStatus, pod: V1Pod, names: string[]): void {
  for (const [name, child] of containerNodes(op, node, names)) {
    if (isFulfilled(child.phase)) continue;
    const st = pod.status?.containerStatuses?.find((s) => s.name === name)?.state;
    if (st?.terminated) {
      const code = st.terminated.exitCode;
      if (code === 0) op.mark(child.id, 'Succeeded');
      else op.mark(child.id, 'Failed', st.terminated.reason === 'OOMKilled' ? `OOMKilled (exit code ${code})` : `Error (exit code ${code})`);
    } else if (st?.running && child.phase !== 'Running') {
      op.mark(child.id, 'Running');
    }
  }
}

/** A finished Pod node leaves no Container node behind unfinished (pod deleted, deadline, init failure). */
export function settleContainers(op: Operation, node: NodeStatus, phase: NodePhase): void {
  const names = (node.children ?? []).map((id) => op.byId(id)).filter((c) => c?.type === 'Container').map((c) => c!.displayName ?? '');
  const queue = [...containerNodes(op, node, names).values()];
  const seen = new Set<string>();
  while (queue.length) {
    const c = queue.shift()!;
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    if (!isFulfilled(c.phase)) op.mark(c.id, phase === 'Succeeded' ? 'Succeeded' : phase, phase === 'Succeeded' ? undefined : 'pod finished before this container did');
    for (const k of c.children ?? []) {
      const kid = op.byId(k);
      if (kid?.type === 'Container') queue.push(kid);
    }
  }
}
