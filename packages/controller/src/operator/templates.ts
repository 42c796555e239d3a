/**
 * Finding the template a step, task or entrypoint names: local templates,
 * `templateRef` into (Cluster)WorkflowTemplates, inline templates, with
 * `templateDefaults` merged underneath. Lookups are cached per templates array.
 */
import { TEMPLATE_KINDS, type TemplateKind } from '@argo-ts/spec';
import type { Template, TemplateRef, WorkflowSpec } from './model.js';
import type { OperateContext } from './types.js';
import { OperatorError } from './types.js';

/** Where a template's own `template:` references resolve. */
export interface TemplateScope {
  /** '' for the workflow itself, else `namespaced/<wt>` or `cluster/<cwt>`. */
  id: string;
  templates: Template[];
}

export interface Caller { template?: string; templateRef?: TemplateRef; inline?: Template }

export interface Resolved {
  tmpl: Template;
  scope: TemplateScope;
  templateName?: string;
  templateRef?: TemplateRef;
}

const byNameCache = new WeakMap<Template[], Map<string, Template>>();
const defaultsCache = new WeakMap<Template, WeakMap<Template, Template>>();

function byName(templates: Template[]): Map<string, Template> {
  let m = byNameCache.get(templates);
  if (!m) {
    m = new Map(templates.filter((t) => t.name).map((t) => [t.name!, t]));
    byNameCache.set(templates, m);
  }
  return m;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Values in `over` win; nested objects merge; arrays and scalars replace. */
export function mergeUnder<T>(base: unknown, over: T): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? (base as T) : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeUnder(base[k], v) : v;
  return out as T;
}

/** `templateDefaults` apply to fields the template's kind has (a container default never turns a DAG into a pod). */
export function withDefaults(tmpl: Template, defaults: Template | undefined): Template {
  if (!defaults) return tmpl;
  let perDefaults = defaultsCache.get(defaults);
  if (!perDefaults) defaultsCache.set(defaults, (perDefaults = new WeakMap()));
  const hit = perDefaults.get(tmpl);
  if (hit) return hit;
  const kinds: readonly string[] = TEMPLATE_KINDS;
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults)) {
    if (kinds.includes(k) && !(k in tmpl)) continue;
    base[k] = v;
  }
  const merged = mergeUnder(base, tmpl);
  perDefaults.set(tmpl, merged);
  return merged;
}

export function resolveTemplate(caller: Caller, scope: TemplateScope, spec: WorkflowSpec, ctx: OperateContext): Resolved {
  if (caller.inline) return { tmpl: withDefaults(caller.inline, spec.templateDefaults), scope };
  if (caller.templateRef) {
    const ref = caller.templateRef;
    const holder = ref.clusterScope ? ctx.clusterWorkflowTemplates.get(ref.name ?? '') : ctx.workflowTemplates.get(ref.name ?? '');
    const kind = ref.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    if (!holder) throw new OperatorError('TemplateNotFound', `${kind} '${ref.name}' not found`, true);
    const templates = holder.spec.templates ?? [];
    const tmpl = byName(templates).get(ref.template ?? '');
    if (!tmpl) throw new OperatorError('TemplateNotFound', `template '${ref.template}' not found in ${kind} '${ref.name}'`);
    const id = `${ref.clusterScope ? 'cluster' : 'namespaced'}/${ref.name}`;
    return { tmpl: withDefaults(tmpl, spec.templateDefaults), scope: { id, templates }, templateName: ref.template, templateRef: ref };
  }
  const name = caller.template;
  if (!name) throw new OperatorError('InvalidSpec', 'step or task names no template, templateRef or inline template');
  const tmpl = byName(scope.templates).get(name);
  if (!tmpl) throw new OperatorError('TemplateNotFound', `template '${name}' not found`);
  return { tmpl: withDefaults(tmpl, spec.templateDefaults), scope, templateName: name };
}

/** The workflow's own template a node ran (by templateName), for declared defaults. */
export function localTemplate(op: { rootScope: TemplateScope }, node: { templateName?: string; templateRef?: unknown }): Template | undefined {
  if (!node.templateName || node.templateRef) return undefined;
  return byName(op.rootScope.templates).get(node.templateName);
}

/** Kind of a template: the one field among the kinds that is set. */
export function templateKind(tmpl: Template): TemplateKind | undefined {
  for (const k of TEMPLATE_KINDS) {
    if ((tmpl as Record<string, unknown>)[k] !== undefined) return k;
  }
  return undefined;
}

/** The workflow's spec with its workflowTemplateRef's spec merged underneath. */
export function effectiveSpec(spec: WorkflowSpec, ctx: OperateContext): { spec: WorkflowSpec; scope: TemplateScope } {
  const ref = spec.workflowTemplateRef;
  if (!ref) return { spec, scope: { id: '', templates: spec.templates ?? [] } };
  const holder = ref.clusterScope ? ctx.clusterWorkflowTemplates.get(ref.name ?? '') : ctx.workflowTemplates.get(ref.name ?? '');
  if (!holder) {
    const kind = ref.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    throw new OperatorError('TemplateNotFound', `${kind} '${ref.name}' not found`, true);
  }
  const base = holder.spec;
  const merged: WorkflowSpec = { ...base, ...spec, templates: [...(spec.templates ?? []), ...(base.templates ?? [])] };
  merged.entrypoint = spec.entrypoint ?? base.entrypoint;
  const params = new Map((base.arguments?.parameters ?? []).map((p) => [p.name, p]));
  for (const p of spec.arguments?.parameters ?? []) params.set(p.name, { ...params.get(p.name), ...p });
  const arts = new Map((base.arguments?.artifacts ?? []).map((a) => [a.name, a]));
  for (const a of spec.arguments?.artifacts ?? []) arts.set(a.name, { ...arts.get(a.name), ...a });
  merged.arguments = { parameters: [...params.values()], artifacts: [...arts.values()] };
  return { spec: merged, scope: { id: '', templates: merged.templates ?? [] } };
}
