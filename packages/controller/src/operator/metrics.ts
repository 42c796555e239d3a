/**
 * Custom Prometheus metrics (`metrics.prometheus` of a template or of the workflow), as Argo emits
 * them: once, when the node (or the workflow) completes, with the variables of that moment
 * (`status`, `duration`, `exitCode`, `inputs.*`, `outputs.*`, `resourcesDuration.*`, `retries`;
 * `workflow.status` and `workflow.duration` at the workflow level), filtered by `when`. The operator
 * stays pure: it returns `metric` actions, which the kube layer records once the status is stored.
 * Realtime gauges get their final value at completion; they are not updated while running.
 */
import { evaluateWhen } from '@argo-ts/lang';
import { isFulfilled, isWorkflowCompleted } from '@argo-ts/spec';
import type { NodeStatus, WorkflowStatus } from './model.js';
import type { Operation } from './state.js';
import { localTemplate } from './templates.js';
import type { CustomMetric } from './types.js';
import { chain, mapLookup, substituteString, type Lookup } from './vars.js';

interface Prometheus {
  name: string; help: string; when?: string;
  labels?: { key: string; value: string }[];
  counter?: { value: string };
  gauge?: { value: string; operation?: string; realtime?: boolean };
  histogram?: { value: string; buckets: number[] };
}

/** Prometheus' metric and label name rules. */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function seconds(from?: string, to?: string): number {
  const a = from ? Date.parse(from) : NaN;
  const b = to ? Date.parse(to) : NaN;
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : 0;
}

/** One metric spec resolved against `vars`, or why it cannot be emitted; undefined when `when` says no. */
function resolve(p: Prometheus, vars: Lookup, op: Operation): CustomMetric | { error: string } | undefined {
  const sub = (s: string) => substituteString(s, vars, { runtime: op.runtime });
  if (p.when !== undefined && !evaluateWhen(sub(p.when))) return undefined;
  if (!METRIC_NAME.test(p.name)) return { error: `metric name "${p.name}" is invalid: names may only contain alphanumeric characters, _ or :` };
  const labels: Record<string, string> = {};
  for (const l of p.labels ?? []) {
    if (!LABEL_NAME.test(l.key)) return { error: `metric "${p.name}": label key "${l.key}" is invalid` };
    labels[l.key] = sub(l.value);
  }
  const spec = p.counter ?? p.gauge ?? p.histogram;
  const kind = p.counter ? 'counter' : p.gauge ? 'gauge' : p.histogram ? 'histogram' : undefined;
  if (!spec || !kind) return { error: `metric "${p.name}" has no type: one of counter, gauge, histogram is required` };
  const text = sub(spec.value);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) return { error: `metric "${p.name}": value "${text}" is not a number` };
  const m: CustomMetric = { name: p.name, help: p.help, kind, labels, value };
  if (p.gauge?.operation) {
    if (!['Set', 'Add', 'Sub'].includes(p.gauge.operation)) return { error: `metric "${p.name}": gauge operation "${p.gauge.operation}" is not one of Set, Add, Sub` };
    m.operation = p.gauge.operation as 'Set' | 'Add' | 'Sub';
  }
  if (p.histogram) m.buckets = [...p.histogram.buckets];
  return m;
}

function emitAll(op: Operation, specs: Prometheus[] | undefined, vars: Lookup, where: string): void {
  for (const p of specs ?? []) {
    let r;
    try {
      r = resolve(p, vars, op);
    } catch (e) {
      r = { error: `metric "${p.name}": ${(e as Error).message}` };
    }
    if (!r) continue;
    if ('error' in r) op.emit({ type: 'event', eventType: 'Warning', reason: 'MetricEmissionFailed', message: `${where}: ${r.error}` });
    else op.emit({ type: 'metric', metric: r });
  }
}

function nodeVars(n: NodeStatus): Lookup {
  const vars: Record<string, string | undefined> = {
    status: n.phase,
    duration: String(seconds(n.startedAt, n.finishedAt)),
    exitCode: n.outputs?.exitCode,
    'outputs.result': n.outputs?.result,
  };
  for (const p of n.inputs?.parameters ?? []) vars[`inputs.parameters.${p.name}`] = p.value === undefined ? undefined : String(p.value);
  for (const p of n.outputs?.parameters ?? []) vars[`outputs.parameters.${p.name}`] = p.value === undefined ? undefined : String(p.value);
  for (const [k, v] of Object.entries(n.resourcesDuration ?? {})) vars[`resourcesDuration.${k}`] = String(v);
  const retry = /\((\d+)\)$/.exec(n.name);
  if (retry) vars.retries = retry[1];
  return mapLookup(vars);
}

/** Emits the metrics of nodes that completed in this operate (op.before: the nodes it touched), and of the workflow if it completed. */
export function emitMetrics(op: Operation, prevPhase: string | undefined, status: WorkflowStatus): void {
  for (const [id, was] of op.before) {
    const n = op.nodes[id];
    if (!n || !isFulfilled(n.phase) || isFulfilled(was)) continue;
    const tmpl = localTemplate(op, n) as { metrics?: { prometheus?: Prometheus[] } } | undefined;
    if (tmpl?.metrics?.prometheus?.length) emitAll(op, tmpl.metrics.prometheus, chain(nodeVars(n), op.globals), `node ${n.displayName ?? n.name}`);
  }
  const specMetrics = (op.spec as { metrics?: { prometheus?: Prometheus[] } } | undefined)?.metrics?.prometheus;
  if (specMetrics?.length && isWorkflowCompleted(status.phase ?? '') && !isWorkflowCompleted(prevPhase ?? '')) {
    const vars = mapLookup({ 'workflow.status': status.phase, 'workflow.duration': String(seconds(status.startedAt, status.finishedAt)) });
    emitAll(op, specMetrics, chain(vars, op.globals), 'workflow');
  }
}
