/**
 * The node tree of `argo get` / `argo watch`. Step groups are not printed
 * themselves; their steps hang off the parent with Argo's connectors
 * (`├───` for a one-step group, `├─┬─` / `│ └─` for parallel steps); DAG
 * tasks and retry attempts are listed flat under their parent (`├─`, `└─`).
 */
import type { NodeStatus, Workflow } from '../types.js';
import { phaseIcon, type RenderStyle } from './icons.js';
import { secondsBetween, shortDuration } from './time.js';

export interface TreeRow {
  prefix: string;
  node: NodeStatus;
}

/** Nodes whose children are shown flat below them (attempts, expanded items). */
const FLAT_PARENT_TYPES = new Set(['Retry', 'TaskGroup']);

type Nodes = Record<string, NodeStatus>;

/** Index of a step group from its name (`wf[1]` → 1). */
function groupIndex(n: NodeStatus): number {
  const m = /\[(\d+)\]$/.exec(n.name);
  return m ? Number(m[1]) : 0;
}

function byStart(a: NodeStatus, b: NodeStatus): number {
  const ta = a.startedAt ?? '';
  const tb = b.startedAt ?? '';
  if (ta !== tb) return ta === '' ? 1 : tb === '' ? -1 : ta < tb ? -1 : 1;
  return (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name);
}

/** Children of a DAG node: its tasks, without nodes owned by a retry or task group. */
function dagTasks(dag: NodeStatus, nodes: Nodes): NodeStatus[] {
  const owned = new Set<string>();
  for (const n of Object.values(nodes)) if (FLAT_PARENT_TYPES.has(n.type)) for (const c of n.children ?? []) owned.add(c);
  return Object.values(nodes).filter((n) => n.boundaryID === dag.id && !owned.has(n.id) && n.id !== dag.id).sort(byStart);
}

/** Groups of children to draw below `node`; each inner array is drawn as a step group. */
export function childGroups(node: NodeStatus, nodes: Nodes): { grouped: boolean; groups: NodeStatus[][] } {
  if (node.type === 'Steps') {
    const groups = Object.values(nodes)
      .filter((n) => n.type === 'StepGroup' && n.boundaryID === node.id)
      .sort((a, b) => groupIndex(a) - groupIndex(b))
      .map((g) => (g.children ?? []).map((id) => nodes[id]).filter((n): n is NodeStatus => !!n))
      .filter((g) => g.length > 0);
    return { grouped: true, groups };
  }
  if (node.type === 'DAG') return { grouped: false, groups: dagTasks(node, nodes).map((n) => [n]) };
  const kids = (node.children ?? []).map((id) => nodes[id]).filter((n): n is NodeStatus => !!n);
  // Other nodes link to the next step group or dependent task of the same
  // boundary; those are drawn by the boundary, not here.
  const own = FLAT_PARENT_TYPES.has(node.type) ? kids.filter((k) => k.type !== 'StepGroup') : kids.filter((k) => k.type !== 'StepGroup' && k.boundaryID !== node.boundaryID);
  return { grouped: false, groups: own.map((n) => [n]) };
}

function walk(node: NodeStatus, nodes: Nodes, indent: string, out: TreeRow[], seen: Set<string>): void {
  if (seen.has(node.id)) return;
  seen.add(node.id);
  const { grouped, groups } = childGroups(node, nodes);
  groups.forEach((group, gi) => {
    const lastGroup = gi === groups.length - 1;
    if (!grouped || group.length === 1) {
      const connector = grouped ? (lastGroup ? '└───' : '├───') : lastGroup ? '└─' : '├─';
      const childIndent = grouped ? (lastGroup ? '    ' : '│   ') : lastGroup ? '  ' : '│ ';
      out.push({ prefix: indent + connector, node: group[0]! });
      walk(group[0]!, nodes, indent + childIndent, out, seen);
      return;
    }
    const rail = lastGroup ? ' ' : '│';
    group.forEach((member, mi) => {
      const first = mi === 0;
      const lastMember = mi === group.length - 1;
      const connector = first ? (lastGroup ? '└─┬─' : '├─┬─') : `${rail} ${lastMember ? '└─' : '├─'}`;
      const childIndent = `${rail} ${lastMember ? ' ' : '│'} `;
      out.push({ prefix: indent + connector, node: member });
      walk(member, nodes, indent + childIndent, out, seen);
    });
  });
}

/** Rows of the tree: the workflow's root node, then the exit handler's tree if any. */
export function treeRows(wf: Workflow): TreeRow[] {
  const nodes = wf.status?.nodes ?? {};
  const name = wf.metadata.name ?? '';
  const all = Object.values(nodes);
  const root = nodes[name] ?? all.find((n) => n.name === name) ?? all.find((n) => !all.some((p) => p.children?.includes(n.id)) && !n.name.endsWith('.onExit'));
  const out: TreeRow[] = [];
  const seen = new Set<string>();
  if (root) {
    out.push({ prefix: '', node: root });
    walk(root, nodes, '', out, seen);
  }
  const onExit = all.find((n) => n.name === `${name}.onExit`);
  if (onExit && !seen.has(onExit.id)) {
    out.push({ prefix: '', node: onExit });
    walk(onExit, nodes, '', out, seen);
  }
  return out;
}

/** Pod name of a Pod node, following the controller's v2 naming (`<wf>-<template>-<hash>`). */
export function podNameOf(wf: Workflow, node: NodeStatus): string {
  if (node.type !== 'Pod') return '';
  if (typeof node.podName === 'string' && node.podName) return node.podName;
  const wfName = wf.metadata.name ?? '';
  if (wf.metadata.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  if (node.id === wfName) return wfName;
  const template = node.templateName ?? node.templateRef?.template ?? '';
  const hash = node.id.startsWith(`${wfName}-`) ? node.id.slice(wfName.length + 1) : node.id;
  // Kubernetes names stop at 253 characters; the controller trims the prefix the same way.
  const prefix = template ? `${wfName}-${template}`.slice(0, 242) : wfName;
  return `${prefix}-${hash}`;
}

export function templateLabel(node: NodeStatus): string {
  if (node.templateRef?.name) return `${node.templateRef.name}/${node.templateRef.template ?? ''}`;
  return node.templateName ?? '';
}

export interface TreeOptions {
  style: RenderStyle;
  now: Date;
  wide?: boolean;
  /** Only rows whose node matches (`--status`, `--node-field-selector`); ancestors are not kept. */
  filter?: (node: NodeStatus) => boolean;
}

/** The table cells of the tree (header first). */
export function treeTable(wf: Workflow, opts: TreeOptions): string[][] {
  const header = ['STEP', 'TEMPLATE', 'PODNAME', 'DURATION', ...(opts.wide ? ['ARTIFACTS'] : []), 'MESSAGE'];
  const rows: string[][] = [header];
  for (const { prefix, node } of treeRows(wf)) {
    if (opts.filter && !opts.filter(node)) continue;
    const label = prefix === '' && node.name === wf.metadata.name ? node.name : node.displayName ?? node.name;
    const secs = node.type === 'Pod' ? secondsBetween(node.startedAt, node.finishedAt, opts.now) : undefined;
    const artifacts = (node.outputs?.artifacts ?? []).map((a) => String(a.name)).join(',');
    rows.push([
      ` ${prefix}${phaseIcon(node.phase, node.type, opts.style)} ${label}`,
      templateLabel(node),
      podNameOf(wf, node),
      secs === undefined ? '' : shortDuration(secs),
      ...(opts.wide ? [artifacts] : []),
      node.message ?? '',
    ]);
  }
  return rows;
}
