/** The fields every new node of a template run starts with (shared by execute, the kind handlers and memoize). */
import type { NodePhase, NodeType } from '@argo-ts/spec';
import type { KindRun } from './execute.js';
import type { NodeStatus } from './model.js';
import type { Operation } from './state.js';

export function nodeBase(op: Operation, run: KindRun, type: NodeType, phase: NodePhase): Pick<NodeStatus, 'name' | 'displayName' | 'type' | 'phase'> & Partial<NodeStatus> {
  const n: Pick<NodeStatus, 'name' | 'displayName' | 'type' | 'phase'> & Partial<NodeStatus> = {
    name: run.nodeName, displayName: run.displayName, type, phase,
  };
  if (run.resolved.templateName) n.templateName = run.resolved.templateName;
  if (run.resolved.templateRef) n.templateRef = run.resolved.templateRef;
  if (run.resolved.scope.id) n.templateScope = run.resolved.scope.id;
  else n.templateScope = `local/${op.name}`;
  if (run.req.boundaryId) n.boundaryID = run.req.boundaryId;
  if (run.inputs.parameters || run.inputs.artifacts) n.inputs = run.inputs;
  return n;
}
