/**
 * The `workflow.*` variables of one Argo object: the fixed catalog, declared
 * `workflow.parameters.*`, the `workflow.outputs.*` that some output's
 * `globalName` sets, and the exit-handler-only `workflow.failures` (in a
 * child scope given to exit handlers and hooks).
 */
import { LIFECYCLE_VARIABLES, WORKFLOW_PREFIXES, WORKFLOW_VARIABLES } from '@argo-ts/lang';
import type { LintContext } from './context.js';
import { asObj, asStr, named, type Obj, type Subject } from './model.js';
import { Scope } from './scope.js';
import { invocationsOf, templatesOf } from './walk.js';

/** Only exit handlers and hooks see the list of failed nodes. */
export const LIFECYCLE_VARS: readonly string[] = LIFECYCLE_VARIABLES;

export interface Globals {
  scope: Scope;
  /** `scope` plus the variables only exit handlers and hooks see. */
  lifecycle: Scope;
}

function addGlobalOutputs(scope: Scope, tmpl: Obj): void {
  const outputs = asObj(tmpl.outputs);
  for (const [list, kind] of [[outputs?.parameters, 'parameters'], [outputs?.artifacts, 'artifacts']] as const) {
    for (const { item } of named(list)) {
      const g = asStr(item.globalName);
      if (!g) continue;
      // A globalName built from a variable is only known at run time.
      if (g.includes('{{')) scope.addPrefix(`workflow.outputs.${kind}.`);
      else scope.add(`workflow.outputs.${kind}.${g}`).addPrefix(`workflow.outputs.${kind}.${g}.`);
    }
  }
}

/** Templates whose outputs can set globals for this object: its own, the referenced spec's, and those it calls by templateRef. */
function outputSources(ctx: LintContext, subject: Subject): Obj[] {
  const own = ctx.hostOfSubject(subject);
  const sources: Obj[] = [...own.templates.values()];
  const specHost = ctx.templatesHost(subject);
  if (specHost && specHost !== own) sources.push(...specHost.templates.values());
  for (const at of templatesOf(subject)) {
    for (const call of invocationsOf(at)) {
      if (!asObj(call.holder.templateRef)) continue;
      const res = ctx.resolve(call.holder, own);
      if (res.ok) sources.push(res.resolved.template);
    }
  }
  return sources;
}

export function globalsOf(ctx: LintContext, subject: Subject): Globals {
  // The catalog the operator resolves from (see @argo-ts/lang vars/catalog.ts).
  const scope = new Scope().add(...WORKFLOW_VARIABLES);
  for (const p of WORKFLOW_PREFIXES) scope.addPrefix(p);
  const specHost = ctx.templatesHost(subject);
  const declared = [...named(asObj(subject.spec.arguments)?.parameters)];
  if (specHost && specHost.spec !== subject.spec) declared.push(...named(asObj(specHost.spec.arguments)?.parameters));
  for (const { name } of declared) scope.add(`workflow.parameters.${name}`);
  // A WorkflowTemplate's parameters may come from the workflow that runs it.
  if (subject.isTemplateKind) scope.addPrefix('workflow.parameters.').addPrefix('workflow.outputs.');
  for (const tmpl of outputSources(ctx, subject)) addGlobalOutputs(scope, tmpl);
  return { scope, lifecycle: scope.child().add(...LIFECYCLE_VARS) };
}
