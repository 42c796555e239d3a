import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Writes the list for the emissary as one file per index (`<dir>/<index>`,
 * the path as is): no character in a path, a newline included, can split it
 * into two entries (issue 14, finding 5).
 */
export async function writeOutputPaths(dir: string, paths: string[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o755 });
  for (const [i, p] of paths.entries()) await writeFile(join(dir, String(i)), p, { mode: 0o644 });
}
