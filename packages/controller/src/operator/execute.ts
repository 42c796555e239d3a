/**
 * executeTemplate: the one entry every node goes through. It returns the
 * node if it is already fulfilled, resolves the template and its inputs
 * (errors become an Error node with the reason), wraps it in a Retry node when
 * it has a retryStrategy, and hands it to the handler for its kind.
 */
import { isFulfilled, type TemplateKind } from '@argo-ts/spec';
import type { Arguments, Inputs, NodeStatus, Template } from './model.js';
import { inputsLookup, resolveInputs } from './params.js';
import type { Operation } from './state.js';
import { resolveTemplate, templateKind, type Caller, type Resolved, type TemplateScope } from './templates.js';
import { OperatorError } from './types.js';
import { memoHit, memoMiss, memoSave } from './memoize.js';
import { chain, mapLookup, substituteDeep } from './vars.js';
import { templateLocks } from './sync.js';
import { nodeBase } from './node-base.js';

export { nodeBase };

export interface ExecRequest {
  nodeName: string;
  displayName: string;
  caller: Caller;
  args?: Arguments;
  scope: TemplateScope;
  boundaryId?: string;
  /** Name of the step or task that runs the template (`steps.name` / `tasks.name` inside it). */
  stepName?: string;
}

/** What a kind handler gets: the node to run (maybe a retry attempt) and its processed template. */
export interface KindRun {
  req: ExecRequest;
  nodeName: string;
  displayName: string;
  resolved: Resolved;
  /** The template with inputs and workflow variables substituted. */
  tmpl: Template;
  inputs: Inputs;
  retryAttempt?: number;
}

/** A handler returns the node, or undefined when it may not start yet (parallelism). */
export type KindHandler = (op: Operation, run: KindRun) => NodeStatus | undefined;

/**
 * Every template kind's handler, and the Retry wrapper (kinds.ts builds it;
 * a kind without a handler does not compile). operate hands it to the
 * Operation, so this module needs no import of the handlers that call it.
 */
export interface KindTable {
  kinds: Readonly<Record<TemplateKind, KindHandler>>;
  retry: KindHandler;
}

/** Records a node that could not run, as Argo does: type Skipped, phase Error, the reason as message. */
export function errorNode(op: Operation, req: ExecRequest, err: unknown, templateName?: string): NodeStatus {
  const message = err instanceof Error ? err.message : String(err);
  const existing = op.byName(req.nodeName);
  if (existing) return op.mark(existing.id, 'Error', message);
  return op.create({
    name: req.nodeName, displayName: req.displayName, type: 'Skipped', phase: 'Error', message,
    ...(templateName ?? req.caller.template ? { templateName: templateName ?? req.caller.template } : {}),
    ...(req.boundaryId ? { boundaryID: req.boundaryId } : {}),
  });
}

const processedCache = new WeakMap<Template, Map<string, Template>>();

/** Template-level substitution (inputs, workflow.*), cached for steps/DAG templates re-run every operate. */
export function processTemplate(op: Operation, tmpl: Template, inputs: Inputs, nodeName: string): Template {
  if (!tmpl.steps && !tmpl.dag) {
    return substituteDeep(tmpl, chain(inputsLookup(inputs), mapLookup({ 'node.name': nodeName }), op.globals), { runtime: op.runtime });
  }
  const key = `${op.name}\0${op.wf.metadata.uid ?? ''}\0${JSON.stringify(inputs)}\0${nodeName}\0${JSON.stringify(op.extraGlobals)}`;
  let perTmpl = processedCache.get(tmpl);
  if (!perTmpl) processedCache.set(tmpl, (perTmpl = new Map()));
  const hit = perTmpl.get(key);
  if (hit) return hit;
  const lookup = chain(inputsLookup(inputs), mapLookup({ 'node.name': nodeName }), op.globals);
  const out = substituteDeep(tmpl, lookup, { runtime: op.runtime });
  if (perTmpl.size > 1000) perTmpl.clear();
  perTmpl.set(key, out);
  return out;
}

export function runKind(op: Operation, run: KindRun): NodeStatus | undefined {
  const kind = templateKind(run.resolved.tmpl);
  if (!kind) {
    const why = `template '${run.resolved.templateName ?? ''}' has no kind (container, script, steps, dag, ...)`;
    return errorNode(op, { ...run.req, nodeName: run.nodeName, displayName: run.displayName }, new OperatorError('InvalidSpec', why), run.resolved.templateName);
  }
  return op.kinds.kinds[kind](op, run);
}

export function executeTemplate(op: Operation, req: ExecRequest): NodeStatus | undefined {
  const existing = op.byName(req.nodeName);
  if (existing && isFulfilled(existing.phase)) {
    if (existing.memoizationStatus) memoSave(op, existing);
    return existing;
  }
  let resolved: Resolved;
  let inputs: Inputs;
  try {
    resolved = resolveTemplate(req.caller, req.scope, op.spec, op.ctx);
    inputs = existing?.inputs ?? resolveInputs(op, resolved.tmpl, req.args);
  } catch (e) {
    if (e instanceof OperatorError && e.transient && !existing) op.requeue(10_000);
    return errorNode(op, req, e);
  }
  const processed = processTemplate(op, resolved.tmpl, inputs, req.nodeName);
  // As Argo, the workflow's retryStrategy is every template's that has none of its own (the entrypoint's too,
  // so the root becomes a Retry node with the attempt `<workflow>(0)` under it).
  const tmpl = !processed.retryStrategy && op.spec.retryStrategy ? { ...processed, retryStrategy: op.spec.retryStrategy } : processed;
  const run: KindRun = { req, nodeName: req.nodeName, displayName: req.displayName, resolved, tmpl, inputs };
  if (tmpl.synchronization) {
    const gate = templateLocks(op, run, nodeBase);
    if (gate) return 'node' in gate ? gate.node : errorNode(op, req, gate.error, resolved.templateName);
  }
  if (tmpl.memoize) {
    const hit = memoHit(op, run);
    if (hit) return hit;
  }
  const node = tmpl.retryStrategy ? op.kinds.retry(op, run) : runKind(op, run);
  if (tmpl.memoize && node) {
    memoMiss(op, run, node);
    memoSave(op, op.byId(node.id)!);
  }
  return node && op.byId(node.id);
}
