/**
 * DAG templates. Readiness is indexed: the task list, topological order,
 * parsed `depends` and node IDs are computed once per (template, DAG node)
 * and cached, so each operate walks the tasks with one map lookup apiece and
 * evaluates `depends` only for tasks whose dependencies have all finished.
 */
import { FULFILLED_PHASES, isFulfilled } from '@argo-ts/spec';
import { runChild, type Scope } from './child.js';
import { buildDagGraph, evalDepends, type DependsExpr, type TaskResults } from '@argo-ts/lang';
import { errorNode, nodeBase, type KindRun } from './execute.js';
import { isFailure, linkAfter, outboundNodes, stopDaemons } from './graph.js';
import { expandLoop, itemLookup } from './loops.js';
import type { DAGTask, NodeStatus, Template } from './model.js';
import { nodeId } from '@argo-ts/lang';
import { aggregateField, exportGlobals, nodeField, outputArtifact, splitRef, templateOutputs } from './outputs.js';
import { inputsLookup } from './params.js';
import type { Operation } from './state.js';
import { localTemplate } from './templates.js';
import { OperatorError } from './types.js';
import { chain } from './vars.js';

interface DagIndex {
  tasks: DAGTask[];
  byName: Map<string, number>;
  deps: number[][];
  expr: (DependsExpr | undefined)[];
  order: number[];
  targets: number[];
  dependents: number[][];
  /** Position of each task in `order`. */
  pos: Int32Array;
  /** Tasks the targets need (all tasks when no target is set). */
  relevant: boolean[];
  relevantOrder: number[];
  ids: Map<string, string[]>;
}

const indexCache = new WeakMap<Template, DagIndex>();

/**
 * Readiness state of one DAG node: per task the number of dependencies not
 * yet complete, the started-but-unfinished tasks and the tasks ready to
 * start. Rebuilt with one scan when no memo exists, then updated only by the
 * tasks that finish, and kept between operates (memo.ts).
 */
interface Frontier {
  remaining: Int32Array;
  /** 1 once a task counts as complete for its dependents (fulfilled or daemoned). */
  complete: Uint8Array;
  active: number[];
  ready: number[];
  failed: boolean;
}

function cloneFrontier(f: Frontier): Frontier {
  return { remaining: f.remaining.slice(), complete: f.complete.slice(), active: [...f.active], ready: [...f.ready], failed: f.failed };
}

function countsComplete(n: NodeStatus | undefined): boolean {
  return !!n && (FULFILLED.has(n.phase) || (!!n.daemoned && !isFailure(n.phase)));
}

function buildFrontier(op: Operation, ix: DagIndex, ids: string[]): Frontier {
  const len = ix.tasks.length;
  const f: Frontier = { remaining: new Int32Array(len), complete: new Uint8Array(len), active: [], ready: [], failed: false };
  for (const i of ix.relevantOrder) {
    const n = op.nodes[ids[i]!];
    if (countsComplete(n)) f.complete[i] = 1;
    // A running daemon counts as done for its dependents and must not hold the DAG open.
    if (n && !countsComplete(n)) f.active.push(i);
    if (n && isFailure(n.phase) && !continues(ix.tasks[i]!, n.phase)) f.failed = true;
  }
  for (const i of ix.relevantOrder) {
    let r = 0;
    for (const d of ix.deps[i]!) if (!f.complete[d]) r++;
    f.remaining[i] = r;
    if (r === 0 && !op.nodes[ids[i]!]) f.ready.push(i);
  }
  return f;
}
const FULFILLED: ReadonlySet<string | undefined> = new Set(FULFILLED_PHASES);

function buildIndex(tmpl: Template): DagIndex {
  const tasks = tmpl.dag?.tasks ?? [];
  // The same graph the lint checks: a DAG it would reject (bad depends, unknown task, cycle) does not run.
  const graph = buildDagGraph(tasks);
  const problem = graph.problems[0];
  if (problem) throw new OperatorError('InvalidSpec', `task '${tasks[problem.task]!.name}': ${problem.message}`);
  const { byName, deps, dependents, order } = graph;
  const expr = graph.logic;
  const depended = new Set(deps.flat());
  const targetNames = tmpl.dag?.target?.split(/[\s,]+/).filter(Boolean);
  const targets = targetNames
    ? targetNames.map((n) => { const j = byName.get(n); if (j === undefined) throw new OperatorError('InvalidSpec', `target '${n}' is not a task`); return j; })
    : tasks.map((_t, i) => i).filter((i) => !depended.has(i));
  const relevant = new Array<boolean>(tasks.length).fill(!targetNames);
  if (targetNames) {
    const mark = (i: number) => { if (relevant[i]) return; relevant[i] = true; deps[i]!.forEach(mark); };
    targets.forEach(mark);
  }
  const pos = new Int32Array(tasks.length);
  order.forEach((i, k) => { pos[i] = k; });
  return { tasks, byName, deps, dependents, expr, order, pos, targets, relevant, relevantOrder: order.filter((i) => relevant[i]), ids: new Map() };
}

function index(tmpl: Template): DagIndex {
  let ix = indexCache.get(tmpl);
  if (!ix) {
    ix = buildIndex(tmpl);
    indexCache.set(tmpl, ix);
  }
  return ix;
}

function taskIds(op: Operation, ix: DagIndex, dagName: string): string[] {
  const key = `${op.name}\0${dagName}`;
  let ids = ix.ids.get(key);
  if (!ids) {
    ids = ix.tasks.map((t) => nodeId(op.name, `${dagName}.${t.name}`));
    ix.ids.set(key, ids);
  }
  return ids;
}

function results(op: Operation, n: NodeStatus | undefined): TaskResults {
  const ph = n?.phase;
  const kids = n?.type === 'TaskGroup' ? (n.children ?? []).map((c) => op.byId(c)?.phase) : [];
  return {
    Succeeded: ph === 'Succeeded', Failed: ph === 'Failed', Errored: ph === 'Error', Skipped: ph === 'Skipped',
    Omitted: ph === 'Omitted', Daemoned: !!n?.daemoned && ph !== 'Failed' && ph !== 'Error',
    AnySucceeded: kids.some((p) => p === 'Succeeded'), AllFailed: kids.length > 0 && kids.every((p) => p === 'Failed' || p === 'Error'),
  };
}

function dagScope(op: Operation, run: KindRun, ix: DagIndex, ids: string[]): Scope {
  const producer = (ref: string) => {
    const i = ix.byName.get(ref);
    return i === undefined ? undefined : op.byId(ids[i]!);
  };
  const vars = (name: string): unknown => {
    const r = splitRef('tasks.', name);
    if (!r) return undefined;
    const n = producer(r.ref);
    if (!n) return undefined;
    if (n.type === 'TaskGroup') return aggregateField((n.children ?? []).map((c) => op.byId(c)!), r.rest);
    return nodeField(n, r.rest, (x) => localTemplate(op, x));
  };
  const artifacts = (name: string) => {
    const r = splitRef('tasks.', name);
    if (r) return outputArtifact(producer(r.ref), r.rest);
    const m = /^inputs\.artifacts\.([^.]+)$/.exec(name);
    if (m) return run.inputs.artifacts?.find((a) => a.name === m[1]);
    const w = /^workflow\.outputs\.artifacts\.([^.]+)$/.exec(name);
    return w ? op.globalOutputs.artifacts?.find((a) => a.name === w[1]) : undefined;
  };
  return { vars: chain(vars, inputsLookup(run.inputs), op.globals), artifacts };
}

function continues(task: DAGTask, phase: string | undefined): boolean {
  return (phase === 'Failed' && !!task.continueOn?.failed) || (phase === 'Error' && !!task.continueOn?.error);
}

/** Starts or continues one task (a TaskGroup with iterations when looped). */
function runTask(op: Operation, run: KindRun, dag: NodeStatus, task: DAGTask, name: string, scope: Scope): NodeStatus | undefined {
  const base = { templateScope: run.resolved.scope, boundaryId: dag.id, step: task };
  const existing = op.byName(name);
  if (existing && existing.type !== 'TaskGroup') return runChild(op, { ...base, nodeName: name, displayName: task.name, scope });
  let iterations;
  try {
    iterations = expandLoop(task, scope.vars, op.runtime);
  } catch (e) {
    return errorNode(op, { nodeName: name, displayName: task.name, caller: task, scope: run.resolved.scope, boundaryId: dag.id }, e);
  }
  if (!iterations) return runChild(op, { ...base, nodeName: name, displayName: task.name, scope });
  if (!iterations.length) {
    return op.create({ name, displayName: task.name, type: 'Skipped', phase: 'Skipped', message: 'Skipped, empty params', boundaryID: dag.id });
  }
  const group = existing ?? op.create({ name, displayName: task.name, type: 'TaskGroup', phase: 'Running', boundaryID: dag.id, ...(task.template ? { templateName: task.template } : {}) });
  let done = true;
  let failed: NodeStatus | undefined;
  for (const it of iterations) {
    const display = `${task.name}(${it.index}:${it.label})`;
    const child = runChild(op, { ...base, nodeName: `${name}${display.slice(task.name.length)}`, displayName: display, scope: { vars: chain(itemLookup(it.item), scope.vars), artifacts: scope.artifacts } });
    if (!child) { done = false; continue; }
    op.addChild(group.id, child.id);
    if (!isFulfilled(child.phase)) done = false;
    else if (isFailure(child.phase) && !failed) failed = child;
  }
  if (!done) return op.byId(group.id);
  return failed ? op.mark(group.id, 'Failed', `child '${failed.id}' failed`) : op.mark(group.id, 'Succeeded');
}

/** The DAG's phase from its targets; an omitted target inherits a failed ancestor's failure. */
function assess(op: Operation, ix: DagIndex, ids: string[]): NodeStatus | undefined {
  const seen = new Set<number>();
  const failedAncestor = (i: number): NodeStatus | undefined => {
    if (seen.has(i)) return undefined;
    seen.add(i);
    const n = op.byId(ids[i]!);
    if (n && isFailure(n.phase) && !continues(ix.tasks[i]!, n.phase)) return n;
    if (n?.phase !== 'Omitted') return undefined;
    for (const d of ix.deps[i]!) { const f = failedAncestor(d); if (f) return f; }
    return undefined;
  };
  for (const t of ix.targets) { const f = failedAncestor(t); if (f) return f; }
  return undefined;
}

export function dagKind(op: Operation, run: KindRun): NodeStatus | undefined {
  const id = op.id(run.nodeName);
  let ix: DagIndex;
  try {
    ix = index(run.tmpl);
  } catch (e) {
    return errorNode(op, { ...run.req, nodeName: run.nodeName, displayName: run.displayName }, e, run.resolved.templateName);
  }
  const dag = op.byId(id) ?? op.create({ ...nodeBase(op, run, 'DAG', 'Running'), id });
  const ids = taskIds(op, ix, run.nodeName);
  const scope = dagScope(op, run, ix, ids);
  // Two different switches: dag.failFast (default on) only lets a failed target end the DAG before every
  // target exists; the template's failFast (default off) stops starting children after any failure.
  const dagFailFast = run.tmpl.dag?.failFast ?? true;
  const tmplFailFast = run.tmpl.failFast === true;
  const memo = op.memoIn?.get(id) as Frontier | undefined;
  const f = memo && memo.remaining.length === ix.tasks.length ? cloneFrontier(memo) : buildFrontier(op, ix, ids);
  const newlyReady: number[] = [];
  const settle = (i: number, n: NodeStatus) => {
    if (isFailure(n.phase) && !continues(ix.tasks[i]!, n.phase)) f.failed = true;
    if (f.complete[i] || !countsComplete(n)) return;
    f.complete[i] = 1;
    for (const j of ix.dependents[i]!) {
      if (ix.relevant[j] && --f.remaining[j]! === 0 && !op.nodes[ids[j]!]) newlyReady.push(j);
    }
  };
  // Started tasks: continue them (pods, retries, nested templates); finished ones release their dependents.
  const stillActive: number[] = [];
  for (const i of f.active) {
    const task = ix.tasks[i]!;
    const n = runTask(op, run, dag, task, `${run.nodeName}.${task.name}`, scope);
    if (n) settle(i, n);
    if (!n || !countsComplete(n)) stillActive.push(i);
  }
  f.active = stillActive;
  // Ready tasks, in topological order; a task that finishes at once (omitted, skipped) may release more.
  let ready = [...f.ready, ...newlyReady.splice(0)];
  const blocked: number[] = [];
  while (ready.length) {
    ready.sort((a, b) => ix.pos[a]! - ix.pos[b]!);
    for (const i of ready) {
      if (tmplFailFast && f.failed) { blocked.push(i); continue; }
      if (run.tmpl.parallelism !== undefined && f.active.length >= run.tmpl.parallelism) { blocked.push(i); continue; }
      const task = ix.tasks[i]!;
      const name = `${run.nodeName}.${task.name}`;
      const depNodes = ix.deps[i]!.map((d) => op.nodes[ids[d]!]!);
      const expr = ix.expr[i];
      let n: NodeStatus | undefined;
      if (expr && !evalDepends(expr, (t) => results(op, op.nodes[ids[ix.byName.get(t)!]!]))) {
        n = op.create({ name, displayName: task.name, type: 'Skipped', phase: 'Omitted', message: 'omitted: depends condition not met', boundaryID: dag.id });
      } else {
        n = runTask(op, run, dag, task, name, scope);
      }
      if (!n) { blocked.push(i); continue; }
      linkAfter(op, depNodes, n.id, dag.id);
      settle(i, n);
      if (!countsComplete(n)) f.active.push(i);
    }
    ready = newlyReady.splice(0);
  }
  f.ready = blocked;
  op.memoOut.set(id, f);
  if (f.active.length > 0) return op.byId(id);
  const failed = assess(op, ix, ids);
  const failFastStop = tmplFailFast && f.failed;
  if (blocked.length > 0 && !failFastStop && !(dagFailFast && failed)) return op.byId(id);
  stopDaemons(op, ix.relevantOrder.map((i) => ids[i]!));
  op.mutable(id).outboundNodes = ix.targets.flatMap((t) => (op.byId(ids[t]!) ? outboundNodes(op, ids[t]!) : []));
  if (failFastStop) return op.mark(id, 'Failed', 'template has failed or errored children and failFast enabled');
  // Argo's DAG takes the phase of its unsuccessful target: an errored task (e.g. an absent optional input) errors it.
  if (failed) return op.mark(id, failed.phase === 'Error' ? 'Error' : 'Failed', `child '${failed.id}' failed`);
  try {
    const outputs = templateOutputs(run.tmpl, scope.vars, scope.artifacts, op.runtime);
    if (outputs) {
      op.mutable(id).outputs = outputs;
      exportGlobals(op, outputs);
    }
  } catch (e) {
    return op.mark(id, 'Error', (e as Error).message);
  }
  return op.mark(id, 'Succeeded');
}
