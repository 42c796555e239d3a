/**
 * The lint reads manifests as plain data, defensively: a document reaching
 * the semantic checks has passed the schema, but the checks must never crash
 * on shapes the schema let through (a string where a list was expected, a
 * missing name), so every read goes through these accessors.
 */
import type { LoadedDocument } from '../yaml/load.js';
import type { FieldPath } from '../yaml/path.js';

export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Named entries of a list field (`inputs.parameters`, `spec.templates` ...), with their index. */
export function named(list: unknown): Array<{ name: string; item: Obj; index: number }> {
  const out: Array<{ name: string; item: Obj; index: number }> = [];
  asArr(list).forEach((v, index) => {
    const item = asObj(v);
    const name = asStr(item?.name);
    if (item && name !== undefined) out.push({ name, item, index });
  });
  return out;
}

export const ARGO_API_GROUP = 'argoproj.io';

export type LintKind = 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

/** Where the workflow spec sits in each kind we lint. */
export const SPEC_PATH: Record<LintKind, FieldPath> = {
  Workflow: ['spec'],
  WorkflowTemplate: ['spec'],
  ClusterWorkflowTemplate: ['spec'],
  CronWorkflow: ['spec', 'workflowSpec'],
};

export function isLintKind(kind: string | undefined): kind is LintKind {
  return kind !== undefined && Object.hasOwn(SPEC_PATH, kind);
}

/** One Argo object being linted. */
export interface Subject {
  doc: LoadedDocument;
  kind: LintKind;
  name: string;
  spec: Obj;
  specPath: FieldPath;
  /** WorkflowTemplates and ClusterWorkflowTemplates: inputs may be supplied by the workflow that uses them. */
  isTemplateKind: boolean;
}

export function subjectOf(doc: LoadedDocument): Subject | undefined {
  if (!doc.apiVersion?.startsWith(`${ARGO_API_GROUP}/`) || !isLintKind(doc.kind)) return undefined;
  const specPath = SPEC_PATH[doc.kind];
  let spec: unknown = doc.object;
  for (const seg of specPath) spec = asObj(spec)?.[seg as string];
  return {
    doc,
    kind: doc.kind,
    name: doc.name ?? '',
    spec: asObj(spec) ?? {},
    specPath,
    isTemplateKind: doc.kind === 'WorkflowTemplate' || doc.kind === 'ClusterWorkflowTemplate',
  };
}

/** Every template type Argo knows; a template must set exactly one. */
export const TEMPLATE_TYPES = [
  'container', 'script', 'resource', 'dag', 'steps', 'suspend', 'containerSet', 'http', 'plugin', 'data',
] as const;

export function templateTypes(tmpl: Obj): string[] {
  const types: string[] = TEMPLATE_TYPES.filter((t) => tmpl[t] !== undefined && tmpl[t] !== null);
  // Deprecated: a template that just calls another one.
  if (asStr(tmpl.template)) types.push('template');
  if (asObj(tmpl.templateRef)) types.push('templateRef');
  return types;
}

export function templateType(tmpl: Obj): string | undefined {
  const types = templateTypes(tmpl);
  return types.length === 1 ? types[0] : undefined;
}

/** Templates that run as a pod. */
export function isPodType(tmpl: Obj): boolean {
  const t = templateType(tmpl);
  return t === 'container' || t === 'script' || t === 'resource' || t === 'containerSet' || t === 'data';
}

export function isLoop(holder: Obj): boolean {
  return asArr(holder.withItems).length > 0 || (asStr(holder.withParam) ?? '') !== '' || asObj(holder.withSequence) !== undefined;
}
