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
  Failed: '✖',
  Error: '⚠',
};

const COLORS: Record<string, number> = { Pending: 33, Running: 36, Succeeded: 32, Skipped: 39, Failed: 31, Error: 31 };

/** Suspend nodes waiting to be resumed get their own icon, in Argo's cyan. */
const SUSPENDED_COLOR = 36;

export function colorize(text: string, code: number | undefined, style: RenderStyle): string {
  return style.color && code ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/**
 * Icon for a node; a running Suspend node shows `ǁ`. A phase Argo has no
 * icon for (none yet, or Omitted) prints nothing, as Argo's CLI does.
 */
export function phaseIcon(phase: string | undefined, nodeType: string | undefined, style: RenderStyle): string {
  if (nodeType === 'Suspend' && phase === 'Running') return colorize(style.utf8 ? 'ǁ' : 'Suspend', SUSPENDED_COLOR, style);
  const p = phase ?? '';
  if (!(p in ICONS)) return '';
  return colorize(style.utf8 ? ICONS[p]! : p, COLORS[p], style);
}
