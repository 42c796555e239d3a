import { phaseStyle } from '../model/phase';

/** A coloured glyph plus the phase's name: phase is never told by colour alone. */
export function PhaseBadge({ phase, label = true }: { phase: string | undefined; label?: boolean }) {
  const p = phase || 'Pending';
  const s = phaseStyle(p);
  return (
    <span class="phase" data-phase={p}>
      <span class="phase__dot" style={{ background: s.color }} aria-hidden="true">{s.glyph}</span>
      {label ? <span class="phase__name">{p}</span> : <span class="sr-only">{p}</span>}
    </span>
  );
}
