/**
 * Phase colours and glyphs, one table for the list, the graph and the node
 * panel. Colours follow Argo's UI palette families (green succeeded, blue
 * running, red failed/error, grey pending/skipped, amber suspended), picked
 * to keep 3:1 contrast against white as WCAG asks for graphics.
 */
import type { NodeStatus } from './types';

export interface PhaseStyle {
  /** Fill for the phase badge and the node's border. */
  color: string;
  /** One glyph shown inside the badge, so phase is not told by colour alone. */
  glyph: string;
}

const STYLES: Record<string, PhaseStyle> = {
  Pending: { color: '#6b7c8a', glyph: '…' },
  Running: { color: '#0b78b8', glyph: '▶' },
  Succeeded: { color: '#12805c', glyph: '✓' },
  Failed: { color: '#c93a48', glyph: '✗' },
  Error: { color: '#a3266a', glyph: '!' },
  Skipped: { color: '#8a96a0', glyph: '↷' },
  Omitted: { color: '#8a96a0', glyph: '○' },
  Suspended: { color: '#b0640b', glyph: '⏸' },
  Unknown: { color: '#6b7c8a', glyph: '?' },
};

/** Style of a phase; an unknown or missing phase is shown as Pending/Unknown. */
export function phaseStyle(phase: string | undefined): PhaseStyle {
  if (!phase) return STYLES.Pending!;
  return STYLES[phase] ?? STYLES.Unknown!;
}

/** The phase a node is shown with: a running Suspend node is "Suspended", as in Argo's UI. */
export function nodeDisplayPhase(node: Pick<NodeStatus, 'type' | 'phase'>): string {
  if (node.type === 'Suspend' && node.phase === 'Running') return 'Suspended';
  return node.phase || 'Pending';
}

const FINISHED = new Set(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);

/** Whether a workflow or node phase is final. */
export function isFinished(phase: string | undefined): boolean {
  return phase !== undefined && FINISHED.has(phase);
}
