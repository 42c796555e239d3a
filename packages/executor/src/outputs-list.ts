import type { Template } from './template.js';

/** A declared output path and who declared it; its index names `/var/run/argo/outputs/<index>`. */
export interface DeclaredOutput {
  kind: 'parameter' | 'artifact';
  name: string;
  path: string;
  index: number;
}

/**
 * The declared output paths in contract order (parameters' valueFrom.path,
 * then artifacts' path). init writes them for the emissary; wait reads the
 * copies back by the same index, so both must build the list here.
 */
export function declaredOutputs(t: Template): DeclaredOutput[] {
  const out: DeclaredOutput[] = [];
  for (const p of t.outputs?.parameters ?? []) {
    if (p.valueFrom?.path) out.push({ kind: 'parameter', name: p.name, path: p.valueFrom.path, index: out.length });
  }
  for (const a of t.outputs?.artifacts ?? []) {
    if (a.path) out.push({ kind: 'artifact', name: a.name, path: a.path, index: out.length });
  }
  return out;
}
