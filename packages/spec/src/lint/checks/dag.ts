/**
 * DAG templates: at least one task; `dependencies` and `depends` name tasks
 * of the same DAG (and are not mixed); `depends` parses; items-only results
 * (`.AnySucceeded`, `.AllFailed`) are used on looping tasks; no cycles;
 * `target` names existing tasks.
 */
import { buildDagGraph, ITEM_RESULTS, parseDepends, type DagTaskLike } from '@argo-ts/lang';
import { asArr, asObj, asStr, isLoop, type Obj } from '../model.js';
import { dagTasks, templatesOf, type StepAt, type TemplateAt } from '../walk.js';
import type { Check, Report } from './types.js';

const PARAM_TAG = /^\{\{[^}]*\}\}$/;

function checkDependsExpr(t: StepAt, tasks: Map<string, Obj>, report: Report): void {
  const depends = asStr(t.step.depends);
  if (!depends) return;
  const path = [...t.path, 'depends'];
  const parsed = parseDepends(depends);
  if (!parsed.ok) {
    report(path, 'depends-syntax', `cannot parse "${depends}": ${parsed.message}`);
    return;
  }
  for (const ref of parsed.expr.refs) {
    const dep = tasks.get(ref.task);
    if (!dep) report(path, 'dag-dependency', `task "${ref.task}" not found in this DAG`);
    else if (ref.result && ITEM_RESULTS.has(ref.result) && !isLoop(dep)) {
      report(path, 'dag-dependency', `"${ref.task}.${ref.result}" needs task "${ref.task}" to loop (withItems, withParam or withSequence)`);
    }
  }
}

function checkTask(t: StepAt, tasks: Map<string, Obj>, usingDepends: boolean, report: Report): void {
  const dependencies = asArr(t.step.dependencies);
  if (usingDepends && dependencies.length > 0) {
    report([...t.path, 'dependencies'], 'dag-dependency', 'cannot mix depends and dependencies in the same DAG: use depends');
  }
  if (usingDepends && asObj(t.step.continueOn)) {
    report([...t.path, 'continueOn'], 'dag-dependency', 'continueOn cannot be used with depends: use "task.Failed" or "task.Errored" in depends');
  }
  if ((usingDepends || dependencies.length > 0) && /^[0-9]/.test(t.name)) {
    report([...t.path, 'name'], 'invalid-name', `task name "${t.name}" cannot start with a digit when depends or dependencies are used`);
  }
  dependencies.forEach((d, j) => {
    if (typeof d === 'string' && !tasks.has(d)) {
      report([...t.path, 'dependencies', j], 'dag-dependency', `task "${d}" not found in this DAG`);
    }
  });
  checkDependsExpr(t, tasks, report);
}

function checkDag(at: TemplateAt, report: Report): void {
  const tasks = dagTasks(at.template, at.path);
  if (tasks.length === 0) {
    report([...at.path, 'dag', 'tasks'], 'dag-dependency', 'a DAG needs at least one task');
    return;
  }
  const byName = new Map<string, Obj>();
  for (const t of tasks) if (!byName.has(t.name)) byName.set(t.name, t.step);
  const usingDepends = tasks.some((t) => asStr(t.step.depends));
  for (const t of tasks) checkTask(t, byName, usingDepends, report);
  // Syntax and unknown names are reported above with their exact field; the graph adds the cycles.
  for (const p of buildDagGraph(graphTasks(tasks)).problems) {
    if (p.kind === 'cycle') report([...tasks[p.task]!.path, 'name'], 'dag-cycle', p.message);
  }
  const target = asStr(asObj(at.template.dag)?.target);
  for (const name of target?.split(' ').filter(Boolean) ?? []) {
    if (!PARAM_TAG.test(name) && !byName.has(name)) {
      report([...at.path, 'dag', 'target'], 'dag-dependency', `target task "${name}" not found in this DAG`);
    }
  }
}

/** The lint's view of a DAG's tasks as the graph in @argo-ts/lang reads them. */
export function graphTasks(tasks: StepAt[]): DagTaskLike[] {
  return tasks.map((t) => ({ name: t.name, depends: asStr(t.step.depends), dependencies: asArr(t.step.dependencies) }));
}

export const checkDags: Check = ({ subject, report }) => {
  for (const at of templatesOf(subject)) if (asObj(at.template.dag)) checkDag(at, report);
};
