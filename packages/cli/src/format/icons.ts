/** Phase icons and colours of Argo's CLI (`--no-utf8` prints the words). */
export interface RenderStyle {
  utf8: boolean;
  color: boolean;
}

const ICONS: Record<string, string> = {
  Pending: '◷',
  Running: '●',
  Succeeded: '✔',
  Skipped: '○',
  Omitted: '○',
  Failed: '✖',
  Error: '⚠',
};

const COLORS: Record<string, number> = { Pending: 33, Running: 34, Succeeded: 32, Skipped: 90, Omitted: 90, Failed: 31, Error: 31 };

export function colorize(text: string, code: number | undefined, style: RenderStyle): string {
  return style.color && code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** Icon for a node; a running Suspend node shows `ǁ`. */
export function phaseIcon(phase: string | undefined, nodeType: string | undefined, style: RenderStyle): string {
  const p = phase || 'Pending';
  if (nodeType === 'Suspend' && p === 'Running') return style.utf8 ? colorize('ǁ', 36, style) : 'Suspended';
  if (!style.utf8) return p;
  return colorize(ICONS[p] ?? '?', COLORS[p], style);
}

export function phaseColor(phase: string | undefined): number | undefined {
  return COLORS[phase ?? ''];
}
