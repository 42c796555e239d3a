/**
 * The dependency graph of one DAG template, built once and used by the lint
 * (which reports every problem) and the operator (which refuses to run a DAG
 * with any): each task's effective `depends` logic (`dependencies: [a]` is
 * expanded as Argo expands it), its direct dependencies, its dependents, the
 * topological order, and the cycles. Iterative throughout, so a 20,000-task
 * chain never runs out of stack.
 */
import { dependenciesToDepends, parseDepends, type DependsExpr } from './depends.js';

export interface DagTaskLike {
  name: string;
  depends?: string | null | undefined;
  dependencies?: readonly unknown[] | null | undefined;
  continueOn?: { failed?: boolean | undefined; error?: boolean | undefined } | null | undefined;
}

export interface DagProblem {
  /** Index of the task the problem belongs to. */
  task: number;
  kind: 'depends-syntax' | 'unknown-task' | 'cycle';
  message: string;
}

export interface DagGraph {
  names: string[];
  /** First task of each name. */
  byName: Map<string, number>;
  /** Effective depends logic per task (undefined: no dependencies, or `depends` does not parse). */
  logic: (DependsExpr | undefined)[];
  /** Direct dependencies that exist, by index, without repeats. */
  deps: number[][];
  dependents: number[][];
  /** Topological order (dependencies first) of every task not on or behind a cycle. */
  order: number[];
  /** Each cycle once, as a path `a -> b -> a`, found in task order. */
  cycles: string[][];
  problems: DagProblem[];
}

function stringsOf(v: readonly unknown[] | null | undefined): string[] {
  return (v ?? []).filter((d): d is string => typeof d === 'string');
}

export function buildDagGraph(tasks: readonly DagTaskLike[]): DagGraph {
  const names = tasks.map((t) => t.name);
  const byName = new Map<string, number>();
  names.forEach((n, i) => { if (!byName.has(n)) byName.set(n, i); });
  const problems: DagProblem[] = [];
  const continueOn = (n: string) => tasks[byName.get(n) ?? -1]?.continueOn ?? undefined;
  const logic = tasks.map((t, i): DependsExpr | undefined => {
    const deps = stringsOf(t.dependencies);
    const text = t.depends || (deps.length ? dependenciesToDepends(deps, continueOn) : undefined);
    if (!text) return undefined;
    const parsed = parseDepends(text);
    if (parsed.ok) return parsed.expr;
    problems.push({ task: i, kind: 'depends-syntax', message: `cannot parse "${text}": ${parsed.message}` });
    return undefined;
  });
  const deps = tasks.map((t, i) => {
    const named = [...stringsOf(t.dependencies), ...(logic[i]?.tasks ?? [])];
    const out: number[] = [];
    for (const n of new Set(named)) {
      const j = byName.get(n);
      if (j === undefined) problems.push({ task: i, kind: 'unknown-task', message: `task "${n}" not found in this DAG` });
      else out.push(j);
    }
    return out;
  });
  const dependents: number[][] = tasks.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependents[d]!.push(i)));
  const cycles = findCycles(names, deps);
  for (const c of cycles) problems.push({ task: byName.get(c[0]!)!, kind: 'cycle', message: `dependency cycle: ${c.join(' -> ')}` });
  return { names, byName, logic, deps, dependents, order: topologicalOrder(deps, dependents), cycles, problems };
}

/** Kahn's algorithm over indices. */
function topologicalOrder(deps: number[][], dependents: number[][]): number[] {
  const indeg = deps.map((d) => d.length);
  const queue = indeg.flatMap((d, i) => (d === 0 ? [i] : []));
  for (let q = 0; q < queue.length; q++) {
    for (const j of dependents[queue[q]!]!) if (--indeg[j]! === 0) queue.push(j);
  }
  return queue;
}

/** Iterative depth-first search in task order; duplicate task names count once. */
function findCycles(names: string[], deps: number[][]): string[][] {
  const state = new Map<number, 'active' | 'done'>();
  const cycles: string[][] = [];
  const first = new Map<string, number>();
  names.forEach((n, i) => { if (!first.has(n)) first.set(n, i); });
  for (const root of first.values()) {
    if (state.has(root)) continue;
    const path: number[] = [root];
    const iters: Array<Iterator<number>> = [deps[root]![Symbol.iterator]()];
    state.set(root, 'active');
    while (iters.length > 0) {
      const next = iters[iters.length - 1]!.next();
      if (next.done) {
        state.set(path.pop()!, 'done');
        iters.pop();
        continue;
      }
      const d = next.value;
      const s = state.get(d);
      if (s === 'active') cycles.push([...path.slice(path.indexOf(d)), d].map((i) => names[i]!));
      if (s !== undefined) continue;
      state.set(d, 'active');
      path.push(d);
      iters.push(deps[d]![Symbol.iterator]());
    }
  }
  return cycles;
}

/**
 * Whether task `name` depends on `ancestor`, directly or through others
 * (cycles tolerated). Searches from `name` and stops at the first hit, so the
 * usual reference to a direct dependency costs one step even in a
 * 10,000-task DAG.
 */
export function dependsOn(g: DagGraph, name: string, ancestor: string): boolean {
  const start = g.byName.get(name);
  const target = g.byName.get(ancestor);
  if (start === undefined || target === undefined) return false;
  const seen = new Set<number>();
  const stack = [...g.deps[start]!];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (d === target) return true;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...g.deps[d]!);
  }
  return false;
}
