/** The dependency graph of a DAG template: each task's direct dependencies and its transitive ancestors. */
import { parseDepends } from './depends.js';
import { asArr, asStr, type Obj } from './model.js';

export interface DagGraph {
  tasks: Map<string, Obj>;
  deps: Map<string, string[]>;
}

/** Direct dependencies named by `dependencies` and `depends` (unparseable `depends` names none). */
export function directDependencies(task: Obj): string[] {
  const out = asArr(task.dependencies).filter((d): d is string => typeof d === 'string');
  const depends = asStr(task.depends);
  if (depends) {
    const parsed = parseDepends(depends);
    if (parsed.ok) out.push(...parsed.refs.map((r) => r.task));
  }
  return [...new Set(out)];
}

export function buildGraph(tasks: Array<{ name: string; step: Obj }>): DagGraph {
  const g: DagGraph = { tasks: new Map(), deps: new Map() };
  for (const t of tasks) {
    if (g.tasks.has(t.name)) continue;
    g.tasks.set(t.name, t.step);
    g.deps.set(t.name, directDependencies(t.step));
  }
  return g;
}

/** Every task `name` depends on, directly or through others (cycles tolerated). */
export function ancestors(g: DagGraph, name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(g.deps.get(name) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d) || !g.tasks.has(d)) continue;
    seen.add(d);
    stack.push(...(g.deps.get(d) ?? []));
  }
  return seen;
}

/** One cycle per strongly connected loop, as the path `a -> b -> a`, found by depth-first search in task order. */
export function findCycles(g: DagGraph): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const d of g.deps.get(name) ?? []) {
      if (!g.tasks.has(d)) continue;
      const s = state.get(d);
      if (s === 'active') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of g.tasks.keys()) if (!state.has(name)) visit(name);
  return cycles;
}
