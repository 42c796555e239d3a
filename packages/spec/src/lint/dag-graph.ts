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

/**
 * Whether `name` depends on `ancestor`, directly or through others (cycles
 * tolerated). Searches from `name` and stops at the first hit, so the usual
 * reference to a direct dependency costs one step even in a 10,000-task DAG.
 */
export function dependsOn(g: DagGraph, name: string, ancestor: string): boolean {
  const seen = new Set<string>();
  const stack = [...(g.deps.get(name) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (d === ancestor) return true;
    if (seen.has(d) || !g.tasks.has(d)) continue;
    seen.add(d);
    for (const next of g.deps.get(d) ?? []) stack.push(next);
  }
  return false;
}

/** Cycles as paths `a -> b -> a`, found by an iterative depth-first search in task order (no recursion limit). */
export function findCycles(g: DagGraph): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  for (const root of g.tasks.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const iters: Array<Iterator<string>> = [(g.deps.get(root) ?? [])[Symbol.iterator]()];
    state.set(root, 'active');
    while (iters.length > 0) {
      const next = iters[iters.length - 1].next();
      if (next.done) {
        state.set(path.pop()!, 'done');
        iters.pop();
        continue;
      }
      const d = next.value;
      if (!g.tasks.has(d)) continue;
      const s = state.get(d);
      if (s === 'active') cycles.push([...path.slice(path.indexOf(d)), d]);
      if (s !== undefined) continue;
      state.set(d, 'active');
      path.push(d);
      iters.push((g.deps.get(d) ?? [])[Symbol.iterator]());
    }
  }
  return cycles;
}
