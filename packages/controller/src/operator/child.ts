/**
 * Running one step or DAG task: `when` (a false condition gives a Skipped
 * node with Argo's message), argument substitution (an argument that is only
 * a reference to an absent output is dropped so the input's default applies),
 * artifact `from` resolution, then executeTemplate.
 */
import type { Arguments, Artifact, NodeStatus, Parameter, WorkflowStep } from './model.js';
import { isFulfilled } from '@argo-ts/spec';
import { errorNode, executeTemplate, type ExecRequest } from './execute.js';
import { runExitHandler, runExpressionHooks } from './hooks.js';
import { artifactFromExpression } from './expressions.js';
import { resolveFrom, type ArtifactLookup } from './outputs.js';
import type { Operation } from './state.js';
import type { TemplateScope } from './templates.js';
import { ABSENT, substituteString, type Lookup } from './vars.js';
import { evaluateWhen } from '../template/index.js';

export interface Scope { vars: Lookup; artifacts: ArtifactLookup }

const SINGLE_TAG = /^\{\{\s*([^{}=][^{}]*?)\s*\}\}$/;

function substituteArgs(args: Arguments | undefined, scope: Scope): Arguments | undefined {
  if (!args) return undefined;
  const out: Arguments = {};
  if (args.parameters) {
    const params: Parameter[] = [];
    for (const p of args.parameters) {
      if (p.value === undefined) { params.push(p); continue; }
      const text = String(p.value);
      const single = SINGLE_TAG.exec(text);
      if (single && scope.vars(single[1]!) === ABSENT) continue;
      params.push({ ...p, value: substituteString(text, scope.vars, { strict: true }) });
    }
    out.parameters = params;
  }
  if (args.artifacts) {
    out.artifacts = args.artifacts.flatMap((a): Artifact[] => {
      if (a.fromExpression) {
        const found = artifactFromExpression(a.fromExpression, scope.vars, scope.artifacts);
        const { fromExpression: _fe, ...rest } = a;
        return [{ ...found, ...rest, name: a.name }];
      }
      if (!a.from) return [a];
      try {
        const found = resolveFrom(a.from, scope.artifacts);
        return [{ ...found, name: a.name }];
      } catch (e) {
        if (a.optional) return [];
        throw e;
      }
    });
  }
  return out;
}

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
  const n = runStep(op, c);
  if (!n || (!c.step.onExit && !c.step.hooks)) return n;
  const owner = { name: c.nodeName, node: n, hooks: c.step.hooks, lookup: c.scope.vars, scope: c.templateScope, boundaryId: c.boundaryId };
  const hooksDone = runExpressionHooks(op, owner);
  if (!isFulfilled(n.phase) || n.phase === 'Skipped' || n.phase === 'Omitted') return n;
  const exit = runExitHandler(op, owner, c.step.onExit);
  if ((exit && !isFulfilled(exit.phase)) || !hooksDone) return { ...op.byId(n.id)!, phase: 'Running' };
  return op.byId(n.id);
}

/** Undefined: not started yet (parallelism). */
function runStep(op: Operation, c: ChildRequest): NodeStatus | undefined {
  const req: ExecRequest = {
    nodeName: c.nodeName, displayName: c.displayName, scope: c.templateScope, boundaryId: c.boundaryId,
    caller: { template: c.step.template, templateRef: c.step.templateRef, inline: c.step.inline },
  };
  const existing = op.byName(c.nodeName);
  if (existing) return executeTemplate(op, req);
  try {
    if (c.step.when !== undefined) {
      const cond = substituteString(String(c.step.when), c.scope.vars);
      if (!evaluateWhen(cond)) {
        return op.create({
          name: c.nodeName, displayName: c.displayName, type: 'Skipped', phase: 'Skipped',
          message: `when '${cond}' evaluated false`, boundaryID: c.boundaryId,
          ...(c.step.template ? { templateName: c.step.template } : {}),
        });
      }
    }
    req.args = substituteArgs(c.step.arguments, c.scope);
  } catch (e) {
    return errorNode(op, req, e);
  }
  return executeTemplate(op, req);
}
