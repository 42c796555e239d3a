import { describe, expect, it } from '@jest/globals';
import { isFinished, nodeDisplayPhase, phaseStyle } from './phase';

describe('phase styles', () => {
  it('gives each phase its own colour family and glyph', () => {
    const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Suspended'];
    const colours = phases.map((p) => phaseStyle(p).color);
    expect(new Set(colours).size).toBe(phases.length);
    expect(new Set(phases.map((p) => phaseStyle(p).glyph)).size).toBe(phases.length);
    expect(phaseStyle('Succeeded').glyph).toBe('✓');
    expect(phaseStyle('Failed').glyph).toBe('✗');
  });

  it('shows a missing phase as Pending and an unknown one as Unknown', () => {
    expect(phaseStyle(undefined)).toEqual(phaseStyle('Pending'));
    expect(phaseStyle('Weird').glyph).toBe('?');
  });

  it.each(Object.entries({ Pending: '#6b7c8a', Running: '#0b78b8', Succeeded: '#12805c', Failed: '#c93a48', Error: '#a3266a', Suspended: '#b0640b' }))(
    '%s (%s) has at least 3:1 contrast on white', (phase) => {
      expect(contrastOnWhite(phaseStyle(phase).color)).toBeGreaterThanOrEqual(3);
    });

  it('names a running Suspend node Suspended and a node without phase Pending', () => {
    expect(nodeDisplayPhase({ type: 'Suspend', phase: 'Running' })).toBe('Suspended');
    expect(nodeDisplayPhase({ type: 'Pod', phase: 'Running' })).toBe('Running');
    expect(nodeDisplayPhase({ type: 'Pod' })).toBe('Pending');
  });

  it('knows the final phases', () => {
    expect(['Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted'].every(isFinished)).toBe(true);
    expect([undefined, '', 'Pending', 'Running'].some(isFinished)).toBe(false);
  });
});

/** WCAG relative-luminance contrast of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (l + 0.05);
}
