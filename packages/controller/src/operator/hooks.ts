/**
 * Lifecycle hooks and step exit handlers. `hooks.exit` is an exit handler
 * (as `onExit`); any other hook runs its template once, the first time its
 * expression holds (node `<owner>.hooks.<name>`). A step is not complete
 * until its exit handler is.
 */
import { isFulfilled } from '@argo-ts/spec';
import { evalBool, parseExpression, type ExprRuntime } from '@argo-ts/lang';
import { envFromLookup } from '../template/index.js';
import { substituteArgs } from './args.js';
import { errorNode, executeTemplate, type ExecRequest } from './execute.js';
import type { LifecycleHook, NodeStatus } from './model.js';
import type { ArtifactLookup } from './outputs.js';
import type { Operation } from './state.js';
import type { TemplateScope } from './templates.js';
import { chain, type Lookup } from './vars.js';

export function hookHolds(expr: string, lookup: Lookup, rt: ExprRuntime): boolean {
  return evalBool(expr, envFromLookup(parseExpression(expr), lookup), rt);
}

interface HookOwner {
  /** Node name the hook nodes hang under (`wf` or a step's node name). */
  name: string;
  node: NodeStatus | undefined;
  hooks: Record<string, LifecycleHook> | undefined;
  lookup: Lookup;
  artifacts?: ArtifactLookup;
  scope: TemplateScope;
  boundaryId?: string;
}

/**
 * As Argo names any node under a boundary: its name less the boundary node's
 * name and the `[i].` or `.` that follows (`wf[0].stepA.onExit` in boundary
 * `wf` shows as `stepA.onExit`); the full name without a boundary.
 */
export function hookDisplayName(op: Operation, nodeName: string, boundaryId: string | undefined): string {
  const boundary = boundaryId ? op.byId(boundaryId) : undefined;
  if (!boundary) return nodeName;
  const rest = nodeName.startsWith(boundary.name) ? nodeName.slice(boundary.name.length) : nodeName;
  return rest.replace(/^(\[\d+\])?\./, '');
}

function runHook(op: Operation, owner: HookOwner, nodeName: string, hook: LifecycleHook): NodeStatus | undefined {
  const req: ExecRequest = {
    nodeName, displayName: hookDisplayName(op, nodeName, owner.boundaryId), caller: { template: hook.template, templateRef: hook.templateRef },
    scope: owner.scope, boundaryId: owner.boundaryId,
  };
  let n: NodeStatus | undefined;
  try {
    if (!op.byName(nodeName) && hook.arguments) req.args = substituteArgs(hook.arguments, { vars: owner.lookup, artifacts: owner.artifacts ?? (() => undefined) }, op.runtime);
    n = executeTemplate(op, req);
  } catch (e) {
    n = errorNode(op, req, e);
  }
  if (n && owner.node) op.addChild(owner.node.id, n.id);
  return n;
}

/** Expression hooks; returns false while a started hook is still running. */
export function runExpressionHooks(op: Operation, owner: HookOwner): boolean {
  let done = true;
  const lookup = chain(owner.lookup, (name) => (name === 'workflow.status' ? op.wf.status?.phase || 'Running' : undefined));
  for (const [name, hook] of Object.entries(owner.hooks ?? {})) {
    if (name === 'exit' || !hook.expression) continue;
    const nodeName = `${owner.name}.hooks.${name}`;
    let n = op.byName(nodeName);
    if (!n) {
      let holds = false;
      try {
        holds = hookHolds(hook.expression, lookup, op.runtime);
      } catch {
        holds = false; // Argo skips a hook whose expression cannot be evaluated yet.
      }
      if (!holds) continue;
      n = runHook(op, { ...owner, lookup }, nodeName, hook);
    } else if (!isFulfilled(n.phase)) {
      n = runHook(op, { ...owner, lookup }, nodeName, hook);
    }
    if (n && !isFulfilled(n.phase)) done = false;
  }
  return done;
}

/** The exit handler of a step (`onExit` or `hooks.exit`): undefined when there is none, else its node. */
export function runExitHandler(op: Operation, owner: HookOwner, onExit: string | undefined): NodeStatus | undefined {
  const hook: LifecycleHook | undefined = owner.hooks?.['exit'] ?? (onExit ? { template: onExit } : undefined);
  if (!hook) return undefined;
  return runHook(op, owner, `${owner.name}.onExit`, hook);
}
