/**
 * Steps templates: groups run one after another, the steps of a group in
 * parallel. Nodes: the Steps node, a StepGroup `[i]` per group (linked after
 * the previous group's outbound nodes), and `name[i].step` per step, or
 * `name[i].step(j:value)` per loop iteration.
 */
import { isFulfilled } from '@argo-ts/spec';
import { runChild, type Scope } from './child.js';
import { errorNode, nodeBase, type KindRun } from './execute.js';
import { isFailure, linkAfter, outboundNodes, stopDaemons } from './graph.js';
import { expandLoop, itemLookup } from './loops.js';
import type { NodeStatus, WorkflowStep } from './model.js';
import { aggregateField, exportGlobals, nodeField, outputArtifact, splitRef, templateOutputs } from './outputs.js';
import { inputsLookup } from './params.js';
import type { Operation } from './state.js';
import { localTemplate } from './templates.js';
import { chain } from './vars.js';

const stepIndexCache = new WeakMap<WorkflowStep[][], Map<string, number>>();
function stepIndex(groups: WorkflowStep[][]): Map<string, number> {
  let m = stepIndexCache.get(groups);
  if (!m) {
    m = new Map();
    groups.forEach((g, i) => g.forEach((s) => m!.set(s.name ?? '', i)));
    stepIndexCache.set(groups, m);
  }
  return m;
}

/** `steps.X.*` for producers in groups before `upTo`; looped producers aggregate their iterations. */
function stepsScope(op: Operation, run: KindRun, groups: WorkflowStep[][], upTo: number): Scope {
  const idx = stepIndex(groups);
  const producer = (ref: string): { node?: NodeStatus; iterations?: NodeStatus[] } | undefined => {
    const g = idx.get(ref);
    if (g === undefined || g >= upTo) return undefined;
    const sgName = `${run.nodeName}[${g}]`;
    const node = op.byName(`${sgName}.${ref}`);
    if (node) return { node };
    const sg = op.byName(sgName);
    const prefix = `${sgName}.${ref}(`;
    return { iterations: (sg?.children ?? []).map((c) => op.byId(c)!).filter((n) => n?.name.startsWith(prefix)) };
  };
  const vars = (name: string): unknown => {
    const r = splitRef('steps.', name);
    if (!r) return undefined;
    const p = producer(r.ref);
    if (!p) return undefined;
    return p.node ? nodeField(p.node, r.rest, (n) => localTemplate(op, n)) : aggregateField(p.iterations!, r.rest);
  };
  const artifacts = (name: string) => {
    const r = splitRef('steps.', name);
    if (r) return outputArtifact(producer(r.ref)?.node, r.rest);
    const m = /^inputs\.artifacts\.([^.]+)$/.exec(name);
    if (m) return run.inputs.artifacts?.find((a) => a.name === m[1]);
    const w = /^workflow\.outputs\.artifacts\.([^.]+)$/.exec(name);
    return w ? op.globalOutputs.artifacts?.find((a) => a.name === w[1]) : undefined;
  };
  return { vars: chain(vars, inputsLookup(run.inputs), op.globals), artifacts };
}

const FAIL_FAST_MESSAGE = 'template has failed or errored children and failFast enabled';

function continues(step: WorkflowStep, phase: string | undefined): boolean {
  return (phase === 'Failed' && !!step.continueOn?.failed) || (phase === 'Error' && !!step.continueOn?.error);
}

/** Runs a group's steps; returns the group node's phase once every step is done. */
function runGroup(op: Operation, run: KindRun, stepsNode: NodeStatus, sg: NodeStatus, group: WorkflowStep[], scope: Scope): NodeStatus {
  let done = true;
  let failed: NodeStatus | undefined;
  // Template parallelism: at most this many unfinished children; new ones wait for a later operate.
  const limit = run.tmpl.parallelism;
  let active = 0;
  // failFast (template field): after a failure no new child starts; started ones finish.
  const NOT_STARTED = null;
  const start = (name: string, go: () => NodeStatus | undefined): NodeStatus | undefined | null => {
    if (op.byName(name)) return go();
    if (run.tmpl.failFast && failed) return NOT_STARTED;
    if (limit !== undefined && active >= limit) return undefined;
    return go();
  };
  const consider = (step: WorkflowStep, child: NodeStatus | undefined | null) => {
    if (child === NOT_STARTED) return;
    if (!child) { done = false; return; }
    op.addChild(sg.id, child.id);
    if (!isFulfilled(child.phase)) active++;
    if (!isFulfilled(child.phase) && !child.daemoned) done = false;
    else if (isFailure(child.phase) && !continues(step, child.phase) && !failed) failed = child;
  };
  for (const step of group) {
    const base = { templateScope: run.resolved.scope, boundaryId: stepsNode.id, step };
    const name = `${sg.name}.${step.name}`;
    let iterations;
    try {
      iterations = op.byName(name) ? undefined : expandLoop(step, scope.vars, op.runtime);
    } catch (e) {
      consider(step, errorNode(op, { nodeName: name, displayName: step.name ?? '', caller: step, scope: run.resolved.scope, boundaryId: stepsNode.id }, e));
      continue;
    }
    if (!iterations) {
      consider(step, start(name, () => runChild(op, { ...base, nodeName: name, displayName: step.name ?? '', scope })));
    } else if (iterations.length === 0) {
      consider(step, op.create({ name, displayName: step.name ?? '', type: 'Skipped', phase: 'Skipped', message: 'Skipped, empty params', boundaryID: stepsNode.id }));
    } else {
      for (const it of iterations) {
        const display = `${step.name}(${it.index}:${it.label})`;
        const itScope: Scope = { vars: chain(itemLookup(it.item), scope.vars), artifacts: scope.artifacts };
        const childName = `${sg.name}.${display}`;
        consider(step, start(childName, () => runChild(op, { ...base, nodeName: childName, displayName: display, scope: itScope })));
      }
    }
  }
  if (!done) return op.byId(sg.id)!;
  // As Argo (TestWorkflowParallelismStepFailFast): with the template's failFast the group, and so the
  // workflow, says why the steps after the failure never started.
  if (failed && run.tmpl.failFast) return op.mark(sg.id, 'Failed', FAIL_FAST_MESSAGE);
  if (failed) return op.mark(sg.id, 'Failed', `child '${(failed as NodeStatus).id}' failed`);
  return op.mark(sg.id, 'Succeeded');
}

export function stepsKind(op: Operation, run: KindRun): NodeStatus | undefined {
  const groups = run.tmpl.steps ?? [];
  const id = op.id(run.nodeName);
  const node = op.byId(id) ?? op.create({ ...nodeBase(op, run, 'Steps', 'Running'), id });
  let prev: NodeStatus | undefined;
  for (let i = 0; i < groups.length; i++) {
    const sgName = `${run.nodeName}[${i}]`;
    let sg = op.byName(sgName);
    if (!sg) {
      sg = op.create({ name: sgName, displayName: `[${i}]`, type: 'StepGroup', phase: 'Running', boundaryID: node.id, templateScope: node.templateScope });
      if (!prev) op.addChild(node.id, sg.id);
      else linkAfter(op, (prev.children ?? []).map((c) => op.byId(c)!), sg.id, prev.id);
    }
    if (!isFulfilled(sg.phase)) sg = runGroup(op, run, node, sg, groups[i]!, stepsScope(op, run, groups, i));
    if (!isFulfilled(sg.phase)) return op.byId(id);
    if (isFailure(sg.phase)) return op.mark(id, sg.phase!, sg.message);
    prev = sg;
  }
  stopDaemons(op, groups.flatMap((_g, i) => op.byName(`${run.nodeName}[${i}]`)?.children ?? []));
  const last = prev?.children ?? [];
  op.mutable(id).outboundNodes = last.flatMap((c) => outboundNodes(op, c));
  try {
    const scope = stepsScope(op, run, groups, groups.length);
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
