/**
 * Reads the YAML (or JSON) a user pasted into the submit form into one
 * Workflow object, with an error that names the line or field at fault.
 */
import { parseAllDocuments } from 'yaml';

export type ManifestResult = { ok: true; workflow: Record<string, any>; namespace?: string } | { ok: false; error: string };

export function readWorkflowManifest(text: string): ManifestResult {
  if (!text.trim()) return { ok: false, error: 'Paste a Workflow manifest first.' };
  const docs = parseAllDocuments(text).filter((d) => d.contents !== null);
  for (const d of docs) {
    const err = d.errors[0];
    if (err) return { ok: false, error: `YAML error at line ${err.linePos?.[0].line ?? '?'}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` };
  }
  if (docs.length !== 1) return { ok: false, error: `Expected one document, found ${docs.length}.` };
  const wf: unknown = docs[0]!.toJS();
  if (!wf || typeof wf !== 'object' || Array.isArray(wf)) return { ok: false, error: 'Expected a mapping (a Workflow object) at the top level.' };
  const o = wf as Record<string, any>;
  if (o.kind !== undefined && o.kind !== 'Workflow') return { ok: false, error: `kind: expected Workflow, got ${JSON.stringify(o.kind)}.` };
  if (o.apiVersion !== undefined && o.apiVersion !== 'argoproj.io/v1alpha1') return { ok: false, error: `apiVersion: expected argoproj.io/v1alpha1, got ${JSON.stringify(o.apiVersion)}.` };
  if (!o.metadata || typeof o.metadata !== 'object') return { ok: false, error: 'metadata: expected a mapping with name or generateName.' };
  if (!o.metadata.name && !o.metadata.generateName) return { ok: false, error: 'metadata: set name or generateName.' };
  if (!o.spec || typeof o.spec !== 'object') return { ok: false, error: 'spec: expected a mapping.' };
  return { ok: true, workflow: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', ...o }, namespace: o.metadata.namespace };
}

/** Parameters as `name=value` strings, the form Argo's submitOptions take. */
export function parameterArgs(values: Record<string, string>): string[] {
  return Object.entries(values).map(([k, v]) => `${k}=${v}`);
}
