/**
 * Every `{{...}}` with an Argo prefix resolves where it is used: inputs the
 * template declares, outputs of steps in earlier groups or of the task's
 * ancestors in a DAG, loop items only in loops, declared workflow
 * parameters, globals some output sets, the `workflow.*` catalog (status and
 * failures only in exit handlers and hooks). Expression tags (`{{=...}}`) are
 * checked for the input, workflow-parameter, step and task names they use.
 */
import type { Host, LintContext } from '../context.js';
import { buildDagGraph, dependsOn } from '@argo-ts/lang';
import { graphTasks } from './dag.js';
import { explain, type Site } from '../explain.js';
import { globalsOf } from '../globals.js';
import { asObj, isLoop, type Subject } from '../model.js';
import { reachOf } from '../reach.js';
import { addCallOutputs, addLoopItems, Scope, templateScope } from '../scope.js';
import { isArgoTag, scanTags, stringsIn, type StringAt } from '../tags.js';
import { dagTasks, stepGroups, templatesOf, type TemplateAt } from '../walk.js';
import type { Check, Report } from './types.js';

/** Fields of a step or task that belong to someone else's scope: inline templates have their own inputs, hooks run later. */
const SKIP_IN_CALLS = new Set(['inline', 'hooks']);

const EXPR_REFS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/(?<![\w.])(inputs|workflow)\.parameters\.([A-Za-z_]\w*)(?![\w-])/g, (m) => `${m[1]}.parameters.${m[2]}`],
  [/(?<![\w.])(inputs|workflow)\.parameters\[\s*['"]([^'"]+)['"]\s*\]/g, (m) => `${m[1]}.parameters.${m[2]}`],
  [/(?<![\w.])(steps|tasks)\.([A-Za-z_]\w*)(?![\w-])/g, (m) => `${m[1]}.${m[2]}.status`],
  [/(?<![\w.])(steps|tasks)\[\s*['"]([^'"]+)['"]\s*\]/g, (m) => `${m[1]}.${m[2]}.status`],
];

/** Dotted names an expression uses that the lint can check (step/task names are checked through their `.status`). */
function expressionRefs(expr: string): string[] {
  const out: string[] = [];
  for (const [re, name] of EXPR_REFS) {
    for (const m of expr.matchAll(re)) {
      if (m[2] === 'name' && (m[1] === 'steps' || m[1] === 'tasks')) continue;
      out.push(name(m as RegExpExecArray));
    }
  }
  return out;
}

function checkStrings(strings: StringAt[], scope: Scope, site: Site, report: Report): void {
  for (const s of strings) {
    const seen = new Set<string>();
    for (const tag of scanTags(s.value)) {
      const names = tag.expression ? expressionRefs(tag.name) : isArgoTag(tag.name) ? [tag.name] : [];
      for (const name of names) {
        if (scope.has(name) || seen.has(name)) continue;
        seen.add(name);
        const shown = tag.expression ? `{{=${tag.name}}}` : `{{${tag.name}}}`;
        const reason = explain(name.endsWith('.status') && tag.expression ? name.slice(0, -7) : name, site);
        report(s.path, 'unresolved-variable', `unresolved ${shown}: ${reason}`, tag.ordinal);
      }
    }
  }
}

function checkStepsTemplate(ctx: LintContext, host: Host, at: TemplateAt, base: Scope, report: Report): void {
  const groups = stepGroups(at.template, at.path);
  const scope = base.child();
  const all = new Set(groups.flat().map((s) => s.name));
  const earlier = new Set<string>();
  for (const group of groups) {
    for (const s of group) scope.add(`steps.${s.name}.status`);
    for (const s of group) {
      const stepScope = scope.child();
      addLoopItems(stepScope, s.step);
      const site: Site = { templateName: at.name, steps: { all, earlier }, loops: isLoop(s.step) };
      checkStrings(stringsIn(s.step, s.path, SKIP_IN_CALLS), stepScope, site, report);
    }
    for (const s of group) {
      addCallOutputs(scope, `steps.${s.name}`, ctx.resolve(s.step, host));
      earlier.add(s.name);
    }
  }
  const site: Site = { templateName: at.name, steps: { all, earlier }, loops: false };
  checkStrings(stringsIn(at.template.outputs, [...at.path, 'outputs']), scope, site, report);
}

function checkDagTemplate(ctx: LintContext, host: Host, at: TemplateAt, base: Scope, report: Report): void {
  const tasks = dagTasks(at.template, at.path);
  const graph = buildDagGraph(graphTasks(tasks));
  const all = new Set(graph.byName.keys());
  // What each task exposes once it has run, built when first referenced; a task sees those of its ancestors only.
  const outputs = new Map<string, Scope>();
  const outputsOf = (name: string): Scope | undefined => {
    const i = graph.byName.get(name);
    const task = i === undefined ? undefined : tasks[i]!.step;
    if (!task) return undefined;
    let scope = outputs.get(name);
    if (!scope) {
      scope = new Scope();
      addCallOutputs(scope, `tasks.${name}`, ctx.resolve(task, host));
      outputs.set(name, scope);
    }
    return scope;
  };
  const taskOutput = (tag: string) => outputsOf(tag.split('.')[1])?.has(tag) ?? false;
  const afterAll = base.child().addResolver('tasks.', taskOutput);
  for (const t of tasks) {
    const isAncestor = (name: string) => dependsOn(graph, t.name, name);
    const taskScope = base.child().addResolver('tasks.', (tag) => isAncestor(tag.split('.')[1]) && taskOutput(tag));
    addLoopItems(taskScope, t.step);
    const site: Site = { templateName: at.name, dag: { all, current: t.name, isAncestor }, loops: isLoop(t.step) };
    checkStrings(stringsIn(t.step, t.path, SKIP_IN_CALLS), taskScope, site, report);
  }
  const site: Site = { templateName: at.name, dag: { all, current: '', isAncestor: () => true }, loops: false };
  checkStrings(stringsIn(at.template.outputs, [...at.path, 'outputs']), afterAll, site, report);
}

function checkTemplate(ctx: LintContext, subject: Subject, at: TemplateAt, base: Scope, report: Report): void {
  const host = ctx.hostOfSubject(subject);
  const scope = templateScope(base, at.template);
  if (Array.isArray(at.template.steps)) checkStepsTemplate(ctx, host, at, scope, report);
  else if (asObj(at.template.dag)) checkDagTemplate(ctx, host, at, scope, report);
  else checkStrings(stringsIn(at.template, at.path), scope, { templateName: at.name, loops: false }, report);
}

export const checkVariables: Check = ({ ctx, subject, report }) => {
  const templates = templatesOf(subject);
  if (templates.length === 0) return;
  const globals = globalsOf(ctx, subject);
  const reach = reachOf(subject);
  for (const at of templates) {
    const base = reach.allowsLifecycle(at.name) ? globals.lifecycle : globals.scope;
    checkTemplate(ctx, subject, at, base, report);
    // An inline template is a template of its own: its inputs come from the step's or task's arguments.
    for (const h of [...stepGroups(at.template, at.path).flat(), ...dagTasks(at.template, at.path)]) {
      const inline = asObj(h.step.inline);
      if (inline) checkTemplate(ctx, subject, { template: inline, name: `${h.name} (inline)`, path: [...h.path, 'inline'] }, base, report);
    }
  }
};
