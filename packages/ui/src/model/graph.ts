/**
 * The graph drawn for a workflow, derived from its status nodes only (pure).
 *
 * It follows what Argo's UI shows: edges run from a node to its `children`,
 * starting at the root node (whose ID is the workflow name); StepGroup and
 * TaskGroup nodes are small unlabelled dots; a node with more than three
 * children (a loop's items, a retry's attempts) shows its first and last
 * child and one "N hidden nodes" node between them until it is expanded;
 * the workflow's exit handler hangs below the root's leaf pods.
 */
import { nodeDisplayPhase } from './phase';
import type { NodeMap, NodeStatus } from './types';

export type GraphNodeKind = 'node' | 'group' | 'collapsed';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  /** Argo node type (Pod, DAG, Steps, Retry, …); 'Collapsed' for a hidden-nodes node. */
  type: string;
  /** Display phase ("Suspended" for a waiting Suspend node). */
  phase: string;
  /** For a collapsed node: the node whose children it hides, and how many. */
  collapsedParent?: string;
  hidden?: number;
}

export interface GraphEdge { from: string; to: string }

export interface WorkflowGraph { nodes: GraphNode[]; edges: GraphEdge[] }

/** More children than this are collapsed, as Argo's UI does. */
export const COLLAPSE_ABOVE = 3;

/** ID of the node that stands for the hidden children of `parent`. */
export function collapsedId(parent: string): string {
  return `collapsed:${parent}`;
}

const GROUP_TYPES = new Set(['StepGroup', 'TaskGroup']);

/** Label Argo's UI gives a node: its display name, else its full name. */
export function shortName(node: Pick<NodeStatus, 'displayName' | 'name'>): string {
  return node.displayName || node.name;
}

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edgeKeys = new Set<string>();
  readonly edges: GraphEdge[] = [];
  private readonly expandedChildren = new Set<string>();
  /** Collapsed node → the children it hides. */
  readonly hiddenBy = new Map<string, string[]>();

  constructor(private readonly all: NodeMap, private readonly expanded: ReadonlySet<string>) {}

  children(id: string): string[] {
    return (this.all[id]?.children ?? []).filter((c) => this.all[c] !== undefined);
  }

  addNode(n: NodeStatus): void {
    if (this.nodes.has(n.id)) return;
    this.nodes.set(n.id, {
      id: n.id,
      kind: GROUP_TYPES.has(n.type) ? 'group' : 'node',
      label: shortName(n),
      type: n.type,
      phase: nodeDisplayPhase(n),
    });
  }

  addEdge(from: string, to: string): void {
    const key = `${from}\u0000${to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to });
  }

  /** Breadth-first from `root`, so dagre sees nodes rank by rank. */
  traverse(root: string, rootParent?: string): void {
    // A collapsed node waits in the queue between its first and last sibling, so it is drawn between them.
    const queue: Array<{ id: string; parent?: string; collapsed?: GraphNode }> = [{ id: root, parent: rootParent }];
    while (queue.length > 0) {
      const { id, parent, collapsed } = queue.shift()!;
      if (collapsed) {
        this.nodes.set(id, collapsed);
        this.addEdge(parent!, id);
        continue;
      }
      const node = this.all[id];
      if (!node) continue;
      this.addNode(node);
      if (parent) this.addEdge(parent, id);
      if (this.expandedChildren.has(id)) continue;
      this.expandedChildren.add(id);
      const kids = this.children(id);
      if (kids.length > COLLAPSE_ABOVE && !this.isExpanded(id)) {
        const hidden = kids.slice(1, -1);
        const cid = collapsedId(id);
        const collapsed: GraphNode = {
          id: cid, kind: 'collapsed', label: `${hidden.length} hidden nodes`, type: 'Collapsed',
          phase: summarisePhase(hidden.map((h) => nodeDisplayPhase(this.all[h]!))),
          collapsedParent: id, hidden: hidden.length,
        };
        this.hiddenBy.set(cid, hidden);
        queue.push({ id: kids[0]!, parent: id }, { id: cid, parent: id, collapsed }, { id: kids[kids.length - 1]!, parent: id });
      } else {
        for (const k of kids) queue.push({ id: k, parent: id });
      }
    }
  }

  isExpanded(id: string): boolean {
    return this.expanded.has('*') || this.expanded.has(id);
  }

  /** A collapsed node leads on to whatever its hidden siblings led to that is drawn (e.g. the task after a loop). */
  linkCollapsed(): void {
    for (const [cid, hidden] of this.hiddenBy) {
      for (const h of hidden) for (const c of this.children(h)) if (this.nodes.has(c)) this.addEdge(cid, c);
    }
  }

  /** Leaf pods below `id` through outboundNodes, as Argo's UI links the exit handler. */
  outboundLeaves(id: string, seen = new Set<string>()): string[] {
    const node = this.all[id];
    if (!node || seen.has(id)) return [];
    seen.add(id);
    if (node.type === 'Pod' || node.type === 'Skipped') return [id];
    return (node.outboundNodes ?? []).flatMap((o) => this.outboundLeaves(o, seen));
  }
}

/**
 * Phase shown on a collapsed node: the most telling phase among the hidden
 * ones (failure first, then activity), so a hidden failure is not missed.
 */
export function summarisePhase(phases: string[]): string {
  for (const p of ['Error', 'Failed', 'Running', 'Suspended', 'Pending']) if (phases.includes(p)) return p;
  if (phases.length > 0 && phases.every((p) => p === 'Skipped' || p === 'Omitted')) return 'Skipped';
  return phases.length > 0 ? 'Succeeded' : 'Pending';
}

/**
 * Builds the drawn graph. `expanded` holds node IDs whose children are all
 * shown ('*' expands everything).
 */
export function buildGraph(workflowName: string, all: NodeMap | undefined, expanded: ReadonlySet<string> = new Set()): WorkflowGraph {
  if (!all) return { nodes: [], edges: [] };
  const b = new Builder(all, expanded);
  b.traverse(workflowName);
  const onExit = Object.values(all).find((n) => n.name === `${workflowName}.onExit`);
  if (onExit) {
    b.addNode(onExit);
    for (const leaf of b.outboundLeaves(workflowName)) if (b.nodes.has(leaf)) b.addEdge(leaf, onExit.id);
    b.traverse(onExit.id);
  }
  b.linkCollapsed();
  return { nodes: [...b.nodes.values()], edges: b.edges };
}

/** The node a collapsed node stands in for: expanding it shows all its children. */
export function expandTarget(graphNode: GraphNode): string | undefined {
  return graphNode.kind === 'collapsed' ? graphNode.collapsedParent : undefined;
}
