/** Every template called by a step, task, hook, exit handler or deprecated template-level call resolves. */
import type { FieldPath } from '../../yaml/path.js';
import type { Host, LintContext } from '../context.js';
import { asObj, asStr } from '../model.js';
import { invocationsOf, lifecycleCalls, templatesOf, type Invocation } from '../walk.js';
import type { Check, Report } from './types.js';

function fieldOf(call: Invocation): FieldPath {
  if (call.kind === 'exit') return call.path;
  if (asObj(call.holder.templateRef)) return [...call.path, 'templateRef'];
  if (asStr(call.holder.template) !== undefined) return [...call.path, 'template'];
  return call.path;
}

function check(ctx: LintContext, host: Host, call: Invocation, report: Report): void {
  if (asStr(call.holder.template) !== undefined && asObj(call.holder.templateRef)) {
    report(call.path, 'unknown-template', 'template and templateRef cannot both be set');
    return;
  }
  const res = ctx.resolve(call.holder, host);
  if (res.ok) return;
  report(fieldOf(call), asObj(call.holder.templateRef) ? 'unknown-template-ref' : 'unknown-template', res.message);
}

export const checkTemplateRefs: Check = ({ ctx, subject, report }) => {
  // Workflow-level hooks and exit handler call into the referenced spec when workflowTemplateRef is used.
  const specHost = ctx.templatesHost(subject);
  if (specHost) for (const call of lifecycleCalls(subject.spec, '', subject.specPath)) check(ctx, specHost, call, report);
  const own = ctx.hostOfSubject(subject);
  for (const at of templatesOf(subject)) {
    for (const call of invocationsOf(at)) check(ctx, own, call, report);
    // Deprecated form: a template whose body is a call to another template.
    if (asStr(at.template.template) !== undefined || asObj(at.template.templateRef)) {
      check(ctx, own, { kind: 'step', name: at.name, holder: at.template, path: at.path }, report);
    }
  }
};
