/**
 * retryStrategy: a Retry node named as the step, attempts `name(0)`,
 * `name(1)`... Policy (Always/OnFailure/OnError/OnTransientError), limit
 * (retries, so attempts = limit+1; none = forever), backoff (duration ×
 * factor^(n−1) from the last attempt's end, cap, maxDuration → requeue) and
 * `expression` over lastRetry.*, and `affinity.nodeAntiAffinity` (a retry
 * avoids the hosts where attempts failed).
 */
import { isFulfilled } from '@argo-ts/spec';
import type { NodePhase } from '@argo-ts/spec';
import { nodeBase, runKind, type KindRun } from './execute.js';
import type { NodeStatus, RetryStrategy } from './model.js';
import type { Operation } from './state.js';
import { evalBool, type ExprRuntime } from '@argo-ts/lang';
import { durationSeconds } from '@argo-ts/lang';
import { withoutHosts } from '../pod/affinity.js';

const TRANSIENT = /exceeded quota|resource quota|TLS handshake timeout|connection reset|connection refused|i\/o timeout|etcdserver: leader changed|transport is closing|pod deleted/i;

function policyAllows(rs: RetryStrategy, last: NodeStatus): boolean {
  const policy = rs.retryPolicy ?? (rs.expression ? 'Always' : 'OnFailure');
  switch (policy) {
    case 'Always': return true;
    case 'OnError': return last.phase === 'Error';
    case 'OnTransientError': return TRANSIENT.test(last.message ?? '');
    default: return last.phase === 'Failed';
  }
}

function expressionAllows(rs: RetryStrategy, last: NodeStatus, rt: ExprRuntime): boolean {
  if (!rs.expression) return true;
  const dur = last.startedAt && last.finishedAt ? String((Date.parse(last.finishedAt) - Date.parse(last.startedAt)) / 1000) : '0';
  const vals: Record<string, string> = {
    'lastRetry.exitCode': last.outputs?.exitCode ?? '-1', 'lastRetry.status': last.phase ?? '',
    'lastRetry.duration': dur, 'lastRetry.message': last.message ?? '',
  };
  const lastRetry = Object.fromEntries(Object.entries(vals).map(([k, v]) => [k.slice(10), v]));
  return evalBool(rs.expression, { lastRetry }, rt);
}

/** Hosts of the failed pods under a Retry node (attempts may be steps or DAGs), in attempt order. */
function failedHosts(op: Operation, retryId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [...(op.byId(retryId)?.children ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const n = op.byId(queue[i]!);
    if (!n || seen.has(n.id)) continue;
    seen.add(n.id);
    if (n.type === 'Pod' && (n.phase === 'Failed' || n.phase === 'Error') && n.hostNodeName) out.push(n.hostNodeName);
    queue.push(...(n.children ?? []));
  }
  return out;
}

/**
 * retryStrategy.affinity.nodeAntiAffinity: the attempt's template excludes
 * the failed attempts' hosts. The workflow-level affinity is the base when the
 * template has none, so its constraints still hold (Argo drops them here).
 */
function attemptTemplate(op: Operation, run: KindRun, retryId: string): KindRun['tmpl'] {
  if (!run.tmpl.retryStrategy?.affinity?.nodeAntiAffinity) return run.tmpl;
  const hosts = failedHosts(op, retryId);
  if (!hosts.length) return run.tmpl;
  const base = (run.tmpl.affinity ?? op.spec.affinity) as Parameters<typeof withoutHosts>[0];
  return { ...run.tmpl, affinity: withoutHosts(base, hosts) as KindRun['tmpl']['affinity'] };
}

export function retryKind(op: Operation, run: KindRun): NodeStatus | undefined {
  const rs = run.tmpl.retryStrategy!;
  const id = op.id(run.nodeName);
  const parent = op.byId(id) ?? op.create({ ...nodeBase(op, run, 'Retry', 'Running'), id });
  const children = parent.children ?? [];
  const lastId = children[children.length - 1];
  const last = lastId ? op.byId(lastId) : undefined;
  const attempt = (n: number) => {
    const tmpl = n > 0 ? attemptTemplate(op, run, id) : run.tmpl;
    const child = runKind(op, { ...run, tmpl, nodeName: `${run.nodeName}(${n})`, displayName: `${run.displayName}(${n})`, retryAttempt: n });
    if (child) op.addChild(id, child.id);
    return op.byId(id);
  };
  if (!last) return attempt(0);
  if (!isFulfilled(last.phase)) {
    runKind(op, { ...run, nodeName: last.name, displayName: last.displayName ?? last.name, retryAttempt: children.length - 1 });
    const now = op.byId(lastId!)!;
    if (!isFulfilled(now.phase)) return op.byId(id);
    return retryKind(op, run);
  }
  const finish = (phase: NodePhase | undefined, message?: string) => {
    const m = op.mutable(id);
    if (last.outputs) m.outputs = last.outputs;
    return op.mark(id, phase ?? 'Error', message);
  };
  if (last.phase === 'Succeeded' || last.phase === 'Skipped') return finish(last.phase);
  if (op.spec.shutdown) return finish(last.phase, `Stopped with strategy '${op.spec.shutdown}'`);
  if (!policyAllows(rs, last)) return finish(last.phase, last.message);
  let allowed: boolean;
  try {
    allowed = expressionAllows(rs, last, op.runtime);
  } catch (e) {
    return finish('Error', (e as Error).message);
  }
  if (!allowed) return finish(last.phase, 'retryStrategy.expression evaluated to false');
  const limit = rs.limit === undefined ? Infinity : Number(rs.limit);
  if (children.length > limit) return finish(last.phase, 'No more retries left');
  const backoff = rs.backoff;
  if (backoff) {
    const base = durationSeconds(backoff.duration) ?? 0;
    const factor = Number(backoff.factor ?? 1) || 1;
    let wait = base * Math.pow(factor, children.length - 1);
    const cap = durationSeconds(backoff.cap);
    if (cap !== undefined) wait = Math.min(wait, cap);
    const maxDur = durationSeconds(backoff.maxDuration);
    const firstStart = Date.parse(op.byId(children[0]!)?.startedAt ?? parent.startedAt ?? op.nowIso);
    const lastEnd = Date.parse(last.finishedAt ?? op.nowIso);
    const due = lastEnd + wait * 1000;
    if (maxDur !== undefined) {
      if (op.now.getTime() - firstStart >= maxDur * 1000) return finish(last.phase, 'Max duration limit exceeded');
      if (due - firstStart > maxDur * 1000) return finish(last.phase, 'Backoff would exceed max duration limit');
    }
    if (op.now.getTime() < due) {
      op.requeue(due - op.now.getTime());
      return op.mark(id, 'Running', `Backoff for ${formatDuration(wait)}`);
    }
  }
  if (op.byId(id)!.message) delete op.mutable(id).message;
  return attempt(children.length);
}

/** Go's time.Duration String for whole seconds (`1m30s`, `2s`). */
function formatDuration(sec: number): string {
  if (sec < 1) return `${Math.round(sec * 1000)}ms`;
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = +(sec % 60).toFixed(3);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
