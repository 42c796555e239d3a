/**
 * memoize: a template's outputs cached in a ConfigMap under the substituted
 * key. A fresh hit gives a Succeeded node with the cached outputs and no pod;
 * a node that succeeds after a miss writes its entry (upsertConfigMap).
 */
import { isFulfilled } from '@argo-ts/spec';
import type { NodeType } from '@argo-ts/spec';
import type { KindRun } from './execute.js';
import { nodeBase } from './node-base.js';
import type { NodeStatus, Outputs } from './model.js';
import { durationSeconds } from '@argo-ts/lang';
import type { Operation } from './state.js';
import { templateKind } from './templates.js';

interface Memoize { key?: string; maxAge?: string; cache?: { configMap?: { name?: string } } }
interface Entry { nodeID?: string; outputs?: Outputs; creationTimestamp?: string; lastHitTimestamp?: string }

const NODE_TYPE: Partial<Record<string, NodeType>> = { steps: 'Steps', dag: 'DAG', suspend: 'Suspend', http: 'HTTP' };

function spec(run: KindRun): { key: string; cacheName: string; maxAge?: number } | undefined {
  const m = run.tmpl.memoize as Memoize | undefined;
  const cacheName = m?.cache?.configMap?.name;
  if (!m?.key || !cacheName) return undefined;
  return { key: m.key, cacheName, maxAge: durationSeconds(m.maxAge) };
}

/** A node from a fresh cache entry, or undefined (miss, expired, no memoize). */
export function memoHit(op: Operation, run: KindRun): NodeStatus | undefined {
  const s = spec(run);
  if (!s || op.byName(run.nodeName)) return undefined;
  const raw = op.ctx.configMaps.get(s.cacheName)?.data?.[s.key];
  if (!raw) return undefined;
  let entry: Entry;
  try {
    entry = JSON.parse(raw) as Entry;
  } catch {
    return undefined;
  }
  const created = Date.parse(entry.creationTimestamp ?? '');
  if (s.maxAge !== undefined && (Number.isNaN(created) || op.now.getTime() - created > s.maxAge * 1000)) return undefined;
  const kind = templateKind(run.resolved.tmpl) ?? 'container';
  return op.create({
    ...nodeBase(op, run, NODE_TYPE[kind] ?? 'Pod', 'Succeeded'),
    outputs: entry.outputs ?? {},
    memoizationStatus: { hit: true, key: s.key, cacheName: s.cacheName },
  });
}

/** Marks a node started after a miss, so its success is written back. */
export function memoMiss(op: Operation, run: KindRun, node: NodeStatus | undefined): void {
  const s = spec(run);
  if (!s || !node || node.memoizationStatus) return;
  op.mutable(node.id).memoizationStatus = { hit: false, key: s.key, cacheName: s.cacheName };
}

/** Emits the cache write for a memoized node that succeeded in this operation. */
export function memoSave(op: Operation, node: NodeStatus): void {
  const ms = node.memoizationStatus;
  if (!ms || ms.hit || node.phase !== 'Succeeded' || !op.before.has(node.id) || isFulfilled(op.before.get(node.id))) return;
  const entry: Entry = { nodeID: node.id, outputs: node.outputs ?? {}, creationTimestamp: op.nowIso, lastHitTimestamp: op.nowIso };
  op.emit({ type: 'upsertConfigMap', name: ms.cacheName, data: { [ms.key]: JSON.stringify(entry) }, labels: { 'workflows.argoproj.io/configmap-type': 'Cache' } });
}
