/**
 * The node table of `argo get` / `argo watch`: the tree from node-tree.ts
 * with Argo's columns. Default: STEP TEMPLATE PODNAME DURATION MESSAGE;
 * `wide` adds ARTIFACTS (before MESSAGE), RESOURCESDURATION and NODENAME;
 * `short` adds NODENAME. The exit handler's tree follows a blank row.
 */
import type { NodeStatus, Workflow } from '../types.js';
import { podNameOf as specPodNameOf } from '@argo-ts/spec';
import { phaseIcon, type RenderStyle } from './icons.js';
import { treeSections, type TreeRow } from './node-tree.js';
import { secondsBetween, shortDuration } from './time.js';

export { treeRows, treeSections, type TreeRow } from './node-tree.js';

/** Pod name of a Pod node, as Argo derives it (spec's, shared with the Argo Server). */
export function podNameOf(wf: Workflow, node: NodeStatus): string {
  return specPodNameOf(wf, node);
}

export function templateLabel(node: NodeStatus): string {
  if (node.templateRef) return `${node.templateRef.name ?? ''}/${node.templateRef.template ?? ''}`;
  return node.templateName ?? '';
}

/** Go's time.Duration text for whole seconds: `0s`, `45s`, `1m5s`, `2h0m3s`. */
export function goDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

/** Each resource's amount is counted per this much of it (Argo's denominators). */
const DENOMINATORS: Record<string, string> = { memory: '100Mi', storage: '10Gi', 'ephemeral-storage': '10Gi' };

/** `1m5s*(1 cpu),7s*(100Mi memory)`; resources in name order (Argo's order is a Go map's, so unstable). */
export function resourcesDurationText(rd: unknown): string {
  if (!rd || typeof rd !== 'object') return '';
  return Object.entries(rd as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, secs]) => `${goDuration(Number(secs) || 0)}*(${DENOMINATORS[name] ?? '1'} ${name})`)
    .join(',');
}

export interface TreeOptions {
  style: RenderStyle;
  now: Date;
  wide?: boolean;
  /** `-o short` columns: NODENAME after MESSAGE. */
  short?: boolean;
  /** Rows to show (`--status`, `--node-field-selector`); a hidden node's children take its place. */
  filter?: (node: NodeStatus) => boolean;
}

function header(opts: TreeOptions): string[] {
  if (opts.wide) return ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'ARTIFACTS', 'MESSAGE', 'RESOURCESDURATION', 'NODENAME'];
  if (opts.short) return ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE', 'NODENAME'];
  return ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', 'MESSAGE'];
}

/** Pods only: from start to finish, or to now while running; `0s` before it starts. */
function podDuration(node: NodeStatus, now: Date): string {
  if (node.type !== 'Pod') return '';
  return shortDuration(secondsBetween(node.startedAt, node.finishedAt, now) ?? 0);
}

function rowCells(wf: Workflow, { prefix, node }: TreeRow, opts: TreeOptions): string[] {
  const step = ` ${prefix}${phaseIcon(node.phase, node.type, opts.style)} ${node.displayName ?? node.name}`;
  const base = [step, templateLabel(node), podNameOf(wf, node), podDuration(node, opts.now)];
  const message = node.message ?? '';
  const host = node.type === 'Pod' ? node.hostNodeName ?? '' : '';
  if (opts.wide) {
    const artifacts = (node.outputs?.artifacts ?? []).map((a) => String(a.name)).join(',');
    return [...base, artifacts, message, resourcesDurationText(node.resourcesDuration), host];
  }
  return opts.short ? [...base, message, host] : [...base, message];
}

/**
 * The table cells of the tree (header first); the row between the two trees
 * is all empty cells. No rows at all, header included, when the status has
 * no node named after the workflow: Argo prints no tree then.
 */
export function treeTable(wf: Workflow, opts: TreeOptions): string[][] {
  if (!wf.status?.nodes?.[wf.metadata.name ?? '']) return [];
  const head = header(opts);
  const { main, onExit } = treeSections(wf, { ascii: !opts.style.utf8, filter: opts.filter });
  const rows = [head, ...main.map((r) => rowCells(wf, r, opts))];
  if (onExit) rows.push(head.map(() => ''), ...onExit.map((r) => rowCells(wf, r, opts)));
  return rows;
}
