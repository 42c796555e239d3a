/**
 * Positions for the drawn graph, computed by dagre (the layered layout
 * Argo's own UI uses): top to bottom, one rank per dependency level.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, GraphNodeKind, WorkflowGraph } from './graph';

export interface Box { x: number; y: number; width: number; height: number }
export interface PlacedNode extends GraphNode, Box {}
export interface PlacedEdge extends GraphEdge { points: Array<{ x: number; y: number }> }
export interface GraphLayout { width: number; height: number; nodes: PlacedNode[]; edges: PlacedEdge[] }

/** Box sizes per kind, in CSS pixels (the graph view draws boxes this size). */
export const NODE_SIZE: Record<GraphNodeKind, { width: number; height: number }> = {
  node: { width: 184, height: 40 },
  collapsed: { width: 150, height: 32 },
  group: { width: 14, height: 14 },
};

const MARGIN = 16;

/** Lays out a graph; x/y of a node are its top-left corner. */
export function layoutGraph(g: WorkflowGraph): GraphLayout {
  if (g.nodes.length === 0) return { width: 0, height: 0, nodes: [], edges: [] };
  const dg = new Graph();
  dg.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 36, marginx: MARGIN, marginy: MARGIN });
  dg.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) dg.setNode(n.id, { ...NODE_SIZE[n.kind] });
  // dagre's initial ordering puts the successor whose edge came last leftmost;
  // edges go in reversed so siblings read left to right in status order (A, B, C; loop(0) … loop(n)).
  for (const e of [...g.edges].reverse()) dg.setEdge(e.from, e.to);
  layout(dg);
  const nodes = g.nodes.map((n) => {
    const p = dg.node(n.id) as { x: number; y: number; width: number; height: number };
    return { ...n, x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
  });
  const edges = g.edges.map((e) => ({ ...e, points: ((dg.edge(e.from, e.to) as { points?: Array<{ x: number; y: number }> })?.points ?? []).map(({ x, y }) => ({ x, y })) }));
  const label = dg.graph() as { width?: number; height?: number };
  return { width: Math.ceil(label.width ?? 0), height: Math.ceil(label.height ?? 0), nodes, edges };
}

/** Key of what decides the layout (nodes, kinds, edges): phase changes keep positions. */
export function layoutKey(g: WorkflowGraph): string {
  return JSON.stringify([g.nodes.map((n) => [n.id, n.kind]), g.edges.map((e) => [e.from, e.to])]);
}
