/** Where templates are called from: step groups, DAG tasks, hooks and exit handlers, each with its field path. */
import type { FieldPath } from '../yaml/path.js';
import { asArr, asObj, asStr, type Obj, type Subject } from './model.js';

export interface TemplateAt {
  template: Obj;
  name: string;
  path: FieldPath;
}

export type InvocationKind = 'step' | 'task' | 'hook' | 'exit';

export interface Invocation {
  kind: InvocationKind;
  /** The step or task name (hooks and exit handlers: the name of the step/task they belong to, or "" at workflow level). */
  name: string;
  holder: Obj;
  path: FieldPath;
}

export interface StepAt {
  step: Obj;
  name: string;
  path: FieldPath;
}

/**
 * Every check walks the same templates, so walks are memoised per object and
 * path (a YAML alias can put one object at two paths).
 */
function memo<T>(cache: WeakMap<object, Map<string, T>>, key: object, path: FieldPath, compute: () => T): T {
  let byPath = cache.get(key);
  if (!byPath) cache.set(key, (byPath = new Map()));
  const p = path.join('\u0000');
  let value = byPath.get(p);
  if (value === undefined) byPath.set(p, (value = compute()));
  return value;
}

const templatesCache = new WeakMap<object, Map<string, TemplateAt[]>>();
const groupsCache = new WeakMap<object, Map<string, StepAt[][]>>();
const tasksCache = new WeakMap<object, Map<string, StepAt[]>>();

export function templatesOf(subject: Subject): TemplateAt[] {
  return memo(templatesCache, subject.spec, subject.specPath, () => computeTemplates(subject));
}

function computeTemplates(subject: Subject): TemplateAt[] {
  const path = [...subject.specPath, 'templates'];
  return asArr(subject.spec.templates).flatMap((v, i) => {
    const template = asObj(v);
    return template ? [{ template, name: asStr(template.name) ?? '', path: [...path, i] }] : [];
  });
}

/** Step groups; Argo also accepts a group written as `{steps: [...]}` in JSON. */
export function stepGroups(tmpl: Obj, path: FieldPath): StepAt[][] {
  return memo(groupsCache, tmpl, path, () => computeGroups(tmpl, path));
}

function computeGroups(tmpl: Obj, path: FieldPath): StepAt[][] {
  return asArr(tmpl.steps).map((group, g) => {
    const list = Array.isArray(group) ? group : asArr(asObj(group)?.steps);
    const groupPath = Array.isArray(group) ? [...path, 'steps', g] : [...path, 'steps', g, 'steps'];
    return list.flatMap((v, i) => {
      const step = asObj(v);
      return step ? [{ step, name: asStr(step.name) ?? '', path: [...groupPath, i] }] : [];
    });
  });
}

export function dagTasks(tmpl: Obj, path: FieldPath): StepAt[] {
  return memo(tasksCache, tmpl, path, () => computeTasks(tmpl, path));
}

function computeTasks(tmpl: Obj, path: FieldPath): StepAt[] {
  return asArr(asObj(tmpl.dag)?.tasks).flatMap((v, i) => {
    const step = asObj(v);
    return step ? [{ step, name: asStr(step.name) ?? '', path: [...path, 'dag', 'tasks', i] }] : [];
  });
}

/** `hooks` and `onExit` hanging off a step, a task or the workflow spec. */
export function lifecycleCalls(owner: Obj, ownerName: string, path: FieldPath): Invocation[] {
  const out: Invocation[] = [];
  const hooks = asObj(owner.hooks);
  for (const [hookName, value] of Object.entries(hooks ?? {})) {
    const holder = asObj(value);
    if (holder) out.push({ kind: 'hook', name: ownerName, holder, path: [...path, 'hooks', hookName] });
  }
  const onExit = asStr(owner.onExit);
  if (onExit) out.push({ kind: 'exit', name: ownerName, holder: { template: onExit }, path: [...path, 'onExit'] });
  return out;
}

/** Every call made by a steps or DAG template, in document order. */
export function invocationsOf(at: TemplateAt): Invocation[] {
  const out: Invocation[] = [];
  for (const group of stepGroups(at.template, at.path)) {
    for (const s of group) {
      out.push({ kind: 'step', name: s.name, holder: s.step, path: s.path });
      out.push(...lifecycleCalls(s.step, s.name, s.path));
    }
  }
  for (const t of dagTasks(at.template, at.path)) {
    out.push({ kind: 'task', name: t.name, holder: t.step, path: t.path });
    out.push(...lifecycleCalls(t.step, t.name, t.path));
  }
  return out;
}
