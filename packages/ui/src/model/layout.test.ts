import { describe, expect, it } from '@jest/globals';
import { buildGraph } from './graph';
import { layoutGraph, layoutKey, NODE_SIZE } from './layout';
import { loadWorkflow } from './testdata/load';

describe('layoutGraph', () => {
  const g = buildGraph('diamond', loadWorkflow('diamond').status!.nodes!, new Set(['*']));
  const l = layoutGraph(g);
  const at = new Map(l.nodes.map((n) => [n.id, n]));

  it('places every node inside the drawing, sized by kind, with no two boxes overlapping', () => {
    expect(l.nodes).toHaveLength(g.nodes.length);
    for (const n of l.nodes) {
      expect([n.width, n.height]).toEqual([NODE_SIZE[n.kind].width, NODE_SIZE[n.kind].height]);
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(l.width);
      expect(n.y + n.height).toBeLessThanOrEqual(l.height);
    }
    for (const a of l.nodes) for (const b of l.nodes) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart).toBe(true);
    }
  });

  it('draws every edge downwards, from its source to its target', () => {
    for (const e of l.edges) {
      const from = at.get(e.from)!;
      const to = at.get(e.to)!;
      expect(to.y).toBeGreaterThan(from.y);
      expect(e.points.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps its key when only phases change, and changes it when a node appears', () => {
    const running = structuredClone(g);
    running.nodes[1]!.phase = 'Running';
    expect(layoutKey(running)).toBe(layoutKey(g));
    const grown = buildGraph('diamond', loadWorkflow('diamond').status!.nodes!);
    expect(layoutKey(grown)).not.toBe(layoutKey(g));
  });

  it('is empty for an empty graph', () => {
    expect(layoutGraph({ nodes: [], edges: [] })).toEqual({ width: 0, height: 0, nodes: [], edges: [] });
  });
});
