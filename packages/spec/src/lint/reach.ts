/**
 * Which of an object's templates run as (part of) an exit handler or hook,
 * and which run under the entrypoint: `workflow.failures` exists
 * only in the former.
 */
import { asStr, type Obj, type Subject } from './model.js';
import { invocationsOf, lifecycleCalls, templatesOf, type TemplateAt } from './walk.js';

function closure(roots: string[], calls: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...(calls.get(name) ?? []));
  }
  return seen;
}

function localName(holder: Obj): string | undefined {
  return holder.templateRef || holder.inline ? undefined : asStr(holder.template);
}

export interface Reach {
  /** Templates that may use `workflow.failures`: reached from an exit handler or hook, or not from the entrypoint at all. */
  allowsLifecycle(templateName: string): boolean;
}

export function reachOf(subject: Subject): Reach {
  const templates: TemplateAt[] = templatesOf(subject);
  const mainCalls = new Map<string, string[]>();
  const lifecycleRoots: string[] = [];
  for (const call of lifecycleCalls(subject.spec, '', subject.specPath)) {
    const n = localName(call.holder);
    if (n) lifecycleRoots.push(n);
  }
  for (const at of templates) {
    const callees: string[] = [];
    for (const call of invocationsOf(at)) {
      const n = localName(call.holder);
      if (!n) continue;
      if (call.kind === 'hook' || call.kind === 'exit') lifecycleRoots.push(n);
      else callees.push(n);
    }
    mainCalls.set(at.name, callees);
  }
  const entry = asStr(subject.spec.entrypoint);
  const main = closure(entry ? [entry] : [], mainCalls);
  const lifecycle = closure(lifecycleRoots, mainCalls);
  return { allowsLifecycle: (name) => lifecycle.has(name) || !main.has(name) };
}
