/**
 * Draws a laid-out workflow graph: edges in one SVG layer, nodes as real
 * buttons above it (so they take focus, answer Enter/Space, and show the
 * browser's focus ring). A graph wider than its box is scaled down to fit,
 * so the page never scrolls sideways; below MIN_SCALE the box scrolls.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GraphLayout, PlacedNode } from '../model/layout';
import { phaseStyle } from '../model/phase';

const MIN_SCALE = 0.5;

interface Props {
  layout: GraphLayout;
  selected?: string;
  onSelect(id: string): void;
  onExpand(parentId: string): void;
}

function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

export function GraphView({ layout, selected, onSelect, onExpand }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const scale = width > 0 && layout.width > width ? Math.max(MIN_SCALE, width / layout.width) : 1;
  // Tab order follows reading order: rank by rank, left to right.
  const ordered = useMemo(() => [...layout.nodes].sort((a, b) => a.y - b.y || a.x - b.x), [layout]);
  return (
    <div class="graph" ref={box} role="group" aria-label={`Workflow graph, ${layout.nodes.length} nodes`}>
      <div class="graph__sizer" style={{ width: `${layout.width * scale}px`, height: `${layout.height * scale}px` }}>
        <div class="graph__canvas" style={{ width: `${layout.width}px`, height: `${layout.height}px`, transform: `scale(${scale})` }}>
          <svg class="graph__edges" width={layout.width} height={layout.height} aria-hidden="true">
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#8a96a0" />
              </marker>
            </defs>
            {layout.edges.map((e) => <path key={`${e.from}>${e.to}`} d={pathOf(e.points)} marker-end="url(#arrow)" />)}
          </svg>
          {ordered.map((n) => <NodeButton key={n.id} node={n} selected={n.id === selected} onSelect={onSelect} onExpand={onExpand} />)}
        </div>
      </div>
    </div>
  );
}

function NodeButton({ node, selected, onSelect, onExpand }: { node: PlacedNode; selected: boolean; onSelect(id: string): void; onExpand(id: string): void }) {
  const s = phaseStyle(node.phase);
  const style = { left: `${node.x}px`, top: `${node.y}px`, width: `${node.width}px`, height: `${node.height}px`, '--phase': s.color };
  const common = { 'data-node-id': node.id, 'data-phase': node.phase, 'data-kind': node.kind, 'data-label': node.label, style };
  if (node.kind === 'collapsed') {
    return (
      <button type="button" class="gnode gnode--collapsed" {...common} title={`Show all ${node.hidden} hidden nodes`}
        onClick={() => onExpand(node.collapsedParent!)}>
        <span class="gnode__dot" style={{ background: s.color }} aria-hidden="true">{s.glyph}</span>
        <span class="gnode__label">{node.label}</span>
      </button>
    );
  }
  if (node.kind === 'group') {
    return (
      <button type="button" class="gnode gnode--group" {...common} aria-pressed={selected}
        aria-label={`${node.label} (${node.type}): ${node.phase}`} title={`${node.label}: ${node.phase}`} onClick={() => onSelect(node.id)} />
    );
  }
  return (
    <button type="button" class={`gnode${selected ? ' gnode--selected' : ''}`} {...common} aria-pressed={selected}
      aria-label={`${node.label} (${node.type}): ${node.phase}`} title={`${node.label} — ${node.type}, ${node.phase}`} onClick={() => onSelect(node.id)}>
      <span class="gnode__dot" style={{ background: s.color }} aria-hidden="true">{s.glyph}</span>
      <span class="gnode__label">{node.label}</span>
    </button>
  );
}
