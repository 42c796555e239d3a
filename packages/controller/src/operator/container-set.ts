/**
 * containerSet templates: one pod (see pod/container-set.ts) and, under its
 * Pod node, one node of type Container per container, named
 * `<node>.<container>`. A container without dependencies hangs under the Pod
 * node, the others under each of their dependencies, so the node tree shows
 * the containers' graph. The Container nodes follow their container's status.
 */
import { isFulfilled } from '@argo-ts/spec';
import { buildContainerSetPod, containerRetryEnv, containerSetEntries, type ContainerSetEntry } from '../pod/container-set.js';
import { errorNode, type KindRun } from './execute.js';
import type { NodeStatus } from './model.js';
import { podKind } from './pod-node.js';
import { settleContainers } from './container-nodes.js';
import type { Operation } from './state.js';

const startContainerSet = podKind((input) => buildContainerSetPod(input));

/** The containers, checked with the template's path in errors (the retry strategy too, so a bad one starts no pod). */
function entriesOf(run: KindRun): ContainerSetEntry[] {
  const set = run.tmpl.containerSet as { containers?: ContainerSetEntry[] } | undefined;
  const where = `templates.${run.resolved.templateName ?? run.tmpl.name ?? ''}.containerSet`;
  containerRetryEnv(run.tmpl.containerSet?.retryStrategy, `${where}.retryStrategy`);
  return containerSetEntries(set?.containers ?? [], `${where}.containers`);
}

export function containerSetKind(op: Operation, run: KindRun): NodeStatus | undefined {
  let entries: ContainerSetEntry[];
  try {
    entries = entriesOf(run);
  } catch (e) {
    return errorNode(op, { ...run.req, nodeName: run.nodeName, displayName: run.displayName }, e, run.resolved.templateName);
  }
  const node = startContainerSet(op, run);
  if (!node || node.type !== 'Pod') return node;
  for (const c of entries) {
    const name = `${node.name}.${c.name}`;
    if (op.byName(name)) continue;
    const child = op.create({
      name, displayName: c.name, type: 'Container', phase: isFulfilled(node.phase) ? node.phase : 'Pending',
      ...(node.templateName ? { templateName: node.templateName } : {}),
      ...(node.templateScope ? { templateScope: node.templateScope } : {}),
      ...(node.boundaryID ? { boundaryID: node.boundaryID } : {}),
    });
    const parents = c.dependencies?.length ? c.dependencies.map((d) => op.id(`${node.name}.${d}`)) : [node.id];
    for (const p of parents) op.addChild(p, child.id);
  }
  // Parents are created before their dependants only when listed first: link again now all exist.
  for (const c of entries) {
    for (const d of c.dependencies ?? []) op.addChild(op.id(`${node.name}.${d}`), op.id(`${node.name}.${c.name}`));
  }
  if (isFulfilled(node.phase)) settleContainers(op, node, node.phase ?? 'Error');
  return op.byId(node.id);
}
