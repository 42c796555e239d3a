/**
 * Running one step or DAG task: `when` (a false condition gives a Skipped
 * node with Argo's message), argument substitution (an argument that is only
 * a reference to an absent output is dropped so the input's default applies),
 * artifact `from` resolution, then executeTemplate.
 */
import { isFulfilled } from '@argo-ts/spec';
import { evaluateWhen } from '@argo-ts/lang';
import { substituteArgs, type Scope } from './args.js';
import { errorNode, executeTemplate, type ExecRequest } from './execute.js';
import { runExitHandler, runExpressionHooks } from './hooks.js';
import type { NodeStatus, WorkflowStep } from './model.js';
import { nodeField, outputArtifact, splitRef } from './outputs.js';
import type { Operation } from './state.js';
import type { TemplateScope } from './templates.js';
import { chain, substituteString, type Lookup } from './vars.js';

export type { Scope } from './args.js';

export interface ChildRequest {
  step: WorkflowStep;
  nodeName: string;
  displayName: string;
  scope: Scope;
  templateScope: TemplateScope;
  boundaryId: string;
}

/** Runs (or continues) one step/task node with its hooks; it is complete once its exit handler is. */
export function runChild(op: Operation, c: ChildRequest): NodeStatus | undefined {
  const named: Lookup = (name) => (name === 'steps.name' || name === 'tasks.name' ? c.step.name : undefined);
  c = { ...c, scope: { ...c.scope, vars: chain(named, c.scope.vars) } };
  const n = runStep(op, c);
  if (!n || (!c.step.onExit && !c.step.hooks)) return n;
  // A step's hooks see the step itself (`steps.<self>.outputs...`).
  const self: Lookup = (name) => {
    const r = splitRef('steps.', name) ?? splitRef('tasks.', name);
    return r && r.ref === c.step.name ? nodeField(op.byId(n.id)!, r.rest) : undefined;
  };
  const selfArtifact = (name: string) => {
    const r = splitRef('steps.', name) ?? splitRef('tasks.', name);
    return r && r.ref === c.step.name ? outputArtifact(op.byId(n.id), r.rest) : c.scope.artifacts(name);
  };
  const owner = {
    name: c.nodeName, node: n, hooks: c.step.hooks, lookup: chain(self, c.scope.vars), artifacts: selfArtifact,
    scope: c.templateScope, boundaryId: c.boundaryId,
  };
  const hooksDone = runExpressionHooks(op, owner);
  if (!isFulfilled(n.phase) || n.phase === 'Skipped' || n.phase === 'Omitted') return n;
  const exit = runExitHandler(op, owner, c.step.onExit);
  if ((exit && !isFulfilled(exit.phase)) || !hooksDone) return { ...op.byId(n.id)!, phase: 'Running' };
  return op.byId(n.id);
}

/** Undefined: not started yet (parallelism). */
function runStep(op: Operation, c: ChildRequest): NodeStatus | undefined {
  const req: ExecRequest = {
    nodeName: c.nodeName, displayName: c.displayName, scope: c.templateScope, boundaryId: c.boundaryId, stepName: c.step.name,
    caller: { template: c.step.template, templateRef: c.step.templateRef, inline: c.step.inline },
  };
  const existing = op.byName(c.nodeName);
  if (existing) return executeTemplate(op, req);
  try {
    if (c.step.when !== undefined) {
      const cond = substituteString(String(c.step.when), c.scope.vars, { runtime: op.runtime });
      if (!evaluateWhen(cond)) {
        return op.create({
          name: c.nodeName, displayName: c.displayName, type: 'Skipped', phase: 'Skipped',
          message: `when '${cond}' evaluated false`, boundaryID: c.boundaryId,
          ...(c.step.template ? { templateName: c.step.template } : {}),
        });
      }
    }
    req.args = substituteArgs(c.step.arguments, c.scope, op.runtime);
  } catch (e) {
    return errorNode(op, req, e);
  }
  return executeTemplate(op, req);
}
