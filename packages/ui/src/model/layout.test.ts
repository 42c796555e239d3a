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

  it('keeps siblings in status order, left to right', () => {
    const xs = (ids: string[]) => ids.map((id) => at.get(id)!.x);
    const ascending = (v: number[]) => v.every((x, i) => i === 0 || x > v[i - 1]!);
    // B, C, then the loop group; and the loop's items 0..4.
    expect(ascending(xs(['diamond-1770091467', 'diamond-1753313848']))).toBe(true);
    expect(ascending(xs(['diamond-2604460867', 'diamond-471886657', 'diamond-1739859123', 'diamond-2314616069', 'diamond-365434451']))).toBe(true);
  });

  it('is empty for an empty graph', () => {
    expect(layoutGraph({ nodes: [], edges: [] })).toEqual({ width: 0, height: 0, nodes: [], edges: [] });
  });
});
