/**
 * DAG templates: at least one task; `dependencies` and `depends` name tasks
 * of the same DAG (and are not mixed); `depends` parses; items-only results
 * (`.AnySucceeded`, `.AllFailed`) are used on looping tasks; no cycles;
 * `target` names existing tasks.
 */
import { buildGraph, findCycles } from '../dag-graph.js';
import { ITEM_RESULTS, parseDepends } from '../depends.js';
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
  for (const ref of parsed.refs) {
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
  const graph = buildGraph(tasks);
  const usingDepends = tasks.some((t) => asStr(t.step.depends));
  for (const t of tasks) checkTask(t, graph.tasks, usingDepends, report);
  for (const cycle of findCycles(graph)) {
    const first = tasks.find((t) => t.name === cycle[0]);
    report(first ? [...first.path, 'name'] : [...at.path, 'dag'], 'dag-cycle', `dependency cycle: ${cycle.join(' -> ')}`);
  }
  const target = asStr(asObj(at.template.dag)?.target);
  for (const name of target?.split(' ').filter(Boolean) ?? []) {
    if (!PARAM_TAG.test(name) && !graph.tasks.has(name)) {
      report([...at.path, 'dag', 'target'], 'dag-dependency', `target task "${name}" not found in this DAG`);
    }
  }
}

export const checkDags: Check = ({ subject, report }) => {
  for (const at of templatesOf(subject)) if (asObj(at.template.dag)) checkDag(at, report);
};
