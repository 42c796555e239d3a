/**
 * HTTP templates. The controller performs the request itself instead of in an
 * agent pod (docs/decisions/0004-http-templates-run-by-the-controller.md):
 * the first visit creates the node (type HTTP, Pending); every visit while it
 * waits emits `httpRequest`, which the kube layer's runner starts at most once
 * per node and answers with a WorkflowTaskResult named by the node ID; the
 * visit that finds that result folds it into the node. `httpOutcome`, the
 * verdict on a response, lives here so that the semantics stay pure and in
 * the operator even though the runner calls it.
 */
import type { ExprRuntime } from '@argo-ts/lang';
import { isFulfilled } from '@argo-ts/spec';
import { errorNode, nodeBase, type KindRun } from './execute.js';
import { evaluate } from './expressions.js';
import type { HTTP, NodeResult, NodeStatus } from './model.js';
import { inputsLookup } from './params.js';
import type { Operation } from './state.js';
import { chain, mapLookup, substituteDeep } from './vars.js';

/** Argo documents 30 s as the default; without one a silent server would hold the node forever. */
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 30;

export interface HttpResponse {
  statusCode: number;
  /** Header names canonicalised as Go's net/http does (`Content-Type`), so Argo's conditions index them alike. */
  headers: Record<string, string[]>;
  body: string;
}

/** What the runner got: a response, or why there is none (timeout, refused connection, missing secret). */
export type HttpAttempt = { response: HttpResponse } | { error: string };

/** Request headers as `request.headers` shows them: plain values only, never those read from secrets. */
function requestHeaders(http: HTTP): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const h of http.headers ?? []) if (h.value !== undefined) (out[h.name] ??= []).push(h.value);
  return out;
}

/** Argo's verdict: 2xx without a successCondition, else the condition over `request.*` and `response.*`. */
/** Decides an HTTP node from its response; `rt` supplies the clock and randomness of `successCondition`. */
export function httpOutcome(http: HTTP, attempt: HttpAttempt, rt: ExprRuntime): NodeResult {
  if ('error' in attempt) return { phase: 'Failed', message: attempt.error };
  const res = attempt.response;
  const outputs = { result: res.body };
  const cond = http.successCondition;
  if (!cond) {
    if (res.statusCode >= 200 && res.statusCode < 300) return { phase: 'Succeeded', outputs };
    return { phase: 'Failed', message: `received non-2xx response code: ${res.statusCode}`, outputs };
  }
  const scope: Record<string, unknown> = {
    request: { method: http.method ?? 'GET', url: http.url, body: http.body ?? '', headers: requestHeaders(http) },
    response: { statusCode: res.statusCode, body: res.body, headers: res.headers },
  };
  let value: unknown;
  try {
    value = evaluate(cond, (name) => scope[name], rt);
  } catch (e) {
    return { phase: 'Failed', message: (e as Error).message, outputs };
  }
  if (typeof value !== 'boolean') {
    return { phase: 'Failed', message: `successCondition '${cond}' evaluated to ${JSON.stringify(value) ?? 'nil'}, expected a boolean`, outputs };
  }
  return value ? { phase: 'Succeeded', outputs } : { phase: 'Failed', message: `successCondition '${cond}' evaluated false`, outputs };
}

/** The request with every variable resolved; an unresolved `inputs.`/`steps.` tag is an error, as for pods. */
function resolveRequest(op: Operation, run: KindRun): HTTP {
  const vars: Record<string, string> = { 'node.name': run.nodeName };
  if (run.retryAttempt !== undefined) vars['retries'] = String(run.retryAttempt);
  if (run.req.stepName !== undefined) vars['steps.name'] = vars['tasks.name'] = run.req.stepName;
  const lookup = chain(mapLookup(vars), inputsLookup(run.inputs), op.globals);
  const http = substituteDeep(run.tmpl.http!, lookup, { runtime: op.runtime, strict: true });
  return { ...http, method: http.method || 'GET' };
}

export function httpKind(op: Operation, run: KindRun): NodeStatus | undefined {
  const id = op.id(run.nodeName);
  let node = op.byId(id);
  if (!node) {
    if (op.stopping) return op.create({ ...nodeBase(op, run, 'HTTP', 'Failed'), id, message: op.stopping });
    if (op.spec.suspend) return undefined;
  }
  let http: HTTP;
  try {
    http = resolveRequest(op, run);
  } catch (e) {
    return errorNode(op, { ...run.req, nodeName: run.nodeName, displayName: run.displayName }, e, run.resolved.templateName);
  }
  node ??= op.create({ ...nodeBase(op, run, 'HTTP', 'Pending'), id });
  const result = op.ctx.taskResults.get(id);
  if (result && isFulfilled(result.phase)) {
    if (result.outputs) op.mutable(id).outputs = result.outputs;
    return op.mark(id, result.phase, result.message);
  }
  op.emit({ type: 'httpRequest', nodeId: id, nodeName: run.nodeName, http });
  return node;
}
