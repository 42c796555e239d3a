/**
 * The shape of the node tree of `argo get` / `argo watch`, as Argo's CLI
 * builds it. The tree does not follow `children` (which for DAG tasks point
 * at dependents, and for steps at the next group): a node hangs under the
 * StepGroup or Retry that lists it as a child, otherwise under the DAG or
 * Steps node named by its `boundaryID`; nodes with neither are roots. Only
 * boundaries (DAG, Steps), groupings (StepGroup, Retry) and executable nodes
 * are drawn, so a TaskGroup (a DAG task's withItems expansion) is invisible
 * and its items sit directly under the DAG. Siblings are ordered by start
 * time, then by loop index or display name.
 */
import type { NodeStatus, Workflow } from '../types.js';

export interface TreeRow {
  /** Connectors before the icon; the root's is empty. */
  prefix: string;
  node: NodeStatus;
}

export interface TreeShapeOptions {
  /** ASCII connectors (`--no-utf8`). */
  ascii?: boolean;
  /** Nodes to show (`--status`, `--node-field-selector`); a hidden node's children move up into its place. */
  filter?: (node: NodeStatus) => boolean;
}

/** The main tree and, when the workflow has an exit handler, its own tree (Argo prints it after a blank row). */
export interface TreeSections {
  main: TreeRow[];
  onExit?: TreeRow[];
}

interface RenderNode {
  node: NodeStatus;
  kids: RenderNode[];
}

type Nodes = Record<string, NodeStatus>;

const BOUNDARY_TYPES = new Set(['DAG', 'Steps']);
const GROUPING_TYPES = new Set(['StepGroup', 'Retry']);
const EXECUTION_TYPES = new Set(['Pod', 'Skipped', 'Suspend', 'HTTP', 'Plugin']);

const drawn = (n: NodeStatus) => BOUNDARY_TYPES.has(n.type) || GROUPING_TYPES.has(n.type) || EXECUTION_TYPES.has(n.type);

/** Loop index of an expanded item from its display name (`sleep(3:three)` → 3), else -1. */
export function loopIndex(displayName: string): number {
  const open = displayName.indexOf('(');
  const colon = displayName.indexOf(':');
  if (open < 0 || colon < 0) return -1;
  const text = displayName.slice(open + 1, colon);
  return /^[+-]?\d+$/.test(text) ? Number(text) : -1;
}

/** A node that never started sorts first, as Go's zero time does. */
function startMillis(n: NodeStatus): number {
  const t = n.startedAt ? Date.parse(n.startedAt) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

export function compareSiblings(a: NodeStatus, b: NodeStatus): number {
  const ta = startMillis(a);
  const tb = startMillis(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.displayName ?? '';
  const nb = b.displayName ?? '';
  const ia = loopIndex(na);
  const ib = loopIndex(nb);
  if (ia >= 0 && ib >= 0 && ia !== ib) return ia - ib;
  // Code-unit order, as Go compares strings; the id settles exact ties so redraws are stable.
  if (na !== nb) return na < nb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Builds the render forest; returns its roots by node id. */
export function renderForest(nodes: Nodes): Map<string, RenderNode> {
  const owner = new Map<string, string>();
  for (const n of Object.values(nodes)) if (GROUPING_TYPES.has(n.type)) for (const c of n.children ?? []) owner.set(c, n.id);
  const byId = new Map<string, RenderNode>();
  for (const n of Object.values(nodes)) if (drawn(n)) byId.set(n.id, { node: n, kids: [] });
  const roots = new Map<string, RenderNode>();
  for (const rn of byId.values()) {
    const ownerId = owner.get(rn.node.id);
    const parent = ownerId !== undefined ? byId.get(ownerId) : rn.node.boundaryID ? byId.get(rn.node.boundaryID) : undefined;
    if (parent && (ownerId !== undefined || BOUNDARY_TYPES.has(parent.node.type))) parent.kids.push(rn);
    else if (ownerId === undefined && !rn.node.boundaryID) roots.set(rn.node.id, rn);
    // Anything else names a boundary that is not in the status: Argo leaves it out too.
  }
  for (const rn of byId.values()) rn.kids.sort((a, b) => compareSiblings(a.node, b.node));
  return roots;
}

/**
 * Whether a node's own row is left out, and whether its children are then
 * drawn as one step group (`──`, `┬─`, `├─`, `└─` joined to the parent's line).
 */
function hiding(n: NodeStatus, filter: TreeShapeOptions['filter']): { hidden: boolean; asGroup: boolean } {
  if (n.type === 'Retry' && (n.children ?? []).length === 1) return { hidden: true, asGroup: false };
  if (n.type === 'StepGroup') return { hidden: true, asGroup: true };
  if (n.type === 'Skipped' && n.phase === 'Omitted') return { hidden: true, asGroup: false };
  if (filter && !filter(n)) return { hidden: true, asGroup: false };
  return { hidden: false, asGroup: false };
}

interface Glyphs { single: string; first: string; middle: string; last: string; rail: string; blank: string }
const UTF8: Glyphs = { single: '──', first: '┬─', middle: '├─', last: '└─', rail: '│ ', blank: '  ' };
const ASCII: Glyphs = { single: '--', first: '+-', middle: '|-', last: '`-', rail: '| ', blank: '  ' };

/** Connector for child `i` of `count`, and what its own children are indented with. */
function connector(g: Glyphs, parentHidden: boolean, asGroup: boolean, i: number, count: number): [string, string] {
  const last = i === count - 1;
  if (!parentHidden) return last ? [g.last, g.blank] : [g.middle, g.rail];
  if (!asGroup) return ['', ''];
  if (count === 1) return [g.single, g.blank];
  if (i === 0) return [g.first, g.rail];
  return last ? [g.last, g.blank] : [g.middle, g.rail];
}

/** Each node has at most one parent in the forest, so this walk meets every node once and cannot loop. */
function draw(rn: RenderNode, nodePrefix: string, childPrefix: string, ctx: { g: Glyphs; filter: TreeShapeOptions['filter']; out: TreeRow[] }): void {
  const { hidden, asGroup } = hiding(rn.node, ctx.filter);
  if (!hidden) ctx.out.push({ prefix: nodePrefix, node: rn.node });
  rn.kids.forEach((kid, i) => {
    const [part, sub] = connector(ctx.g, hidden, asGroup, i, rn.kids.length);
    // A hidden node's first child takes the hidden node's own place on its line.
    const lead = !hidden || i > 0 ? childPrefix : nodePrefix;
    draw(kid, lead + part, childPrefix + sub, ctx);
  });
}

/**
 * The rows of the tree. No tree without a node whose id is the workflow's
 * name, as in Argo; the exit handler's tree is the root named `<wf>.onExit`.
 */
export function treeSections(wf: Workflow, opts: TreeShapeOptions = {}): TreeSections {
  const nodes = wf.status?.nodes ?? {};
  const name = wf.metadata.name ?? '';
  const roots = renderForest(nodes);
  const ctx = { g: opts.ascii ? ASCII : UTF8, filter: opts.filter };
  const main = roots.get(name);
  if (!main) return { main: [] };
  const sections: TreeSections = { main: [] };
  draw(main, '', '', { ...ctx, out: sections.main });
  const exit = [...roots.values()].find((r) => r.node.name === `${name}.onExit`);
  if (exit) {
    sections.onExit = [];
    draw(exit, '', '', { ...ctx, out: sections.onExit });
  }
  return sections;
}

/** All rows: the main tree, then the exit handler's. */
export function treeRows(wf: Workflow, opts: TreeShapeOptions = {}): TreeRow[] {
  const { main, onExit } = treeSections(wf, opts);
  return [...main, ...(onExit ?? [])];
}
