/**
 * Builders for the variable catalog: what a workflow, a template's inputs,
 * a loop item and a finished node contribute to a Scope. Types are structural
 * (anything shaped like the spec's Workflow/Template/NodeStatus fits).
 */
import { goString, toJsonText } from '../expr/index.js';
import { ABSENT, type Scope } from './scope.js';
import { STRFTIME } from './strftime.js';

export interface ParameterLike { name: string; value?: unknown; default?: unknown }
export interface ArtifactLike { name: string; path?: string | undefined; [k: string]: unknown }
export interface OutputsLike { result?: string | null | undefined; exitCode?: string | number | null | undefined; parameters?: ParameterLike[] | null | undefined; artifacts?: ArtifactLike[] | null | undefined }

export interface WorkflowLike {
  metadata?: {
    name?: string | undefined; namespace?: string | undefined; uid?: string | undefined;
    labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined;
    creationTimestamp?: unknown;
  } | undefined;
  spec?: {
    arguments?: { parameters?: ParameterLike[] | null | undefined } | null | undefined;
    entrypoint?: string | undefined; serviceAccountName?: string | undefined; priority?: number | null | undefined;
  } | undefined;
  status?: {
    phase?: string | undefined; startedAt?: unknown;
    outputs?: OutputsLike | null | undefined;
  } | null | undefined;
}

export interface GlobalScopeOptions {
  /** Clock for `workflow.duration`. */
  now?: Date;
  /** Resolved workflow parameters (after `valueFrom`/submit overrides); defaults to spec.arguments.parameters. */
  parameters?: ParameterLike[];
}

const SCHEDULED_TIME_ANNOTATION = 'workflows.argoproj.io/scheduled-time';

/** Parameter values are always text in Argo's variable map. */
export function paramText(p: ParameterLike): string | undefined {
  const v = p.value ?? p.default;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? toJsonText(v) : String(v);
}

function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && v) { const d = new Date(v); return Number.isNaN(d.getTime()) ? undefined : d; }
  return undefined;
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `workflow.*`: identity, metadata, parameters, timestamps, global outputs. */
export function globalScope(wf: WorkflowLike, opts: GlobalScopeOptions = {}): Scope {
  const md = wf.metadata ?? {};
  const spec = wf.spec ?? {};
  const s: Scope = {};
  const set = (k: string, v: string | undefined): void => { if (v !== undefined) s[`workflow.${k}`] = v; };
  set('name', md.name);
  set('namespace', md.namespace);
  set('uid', md.uid);
  set('mainEntrypoint', spec.entrypoint);
  set('serviceAccountName', spec.serviceAccountName);
  if (spec.priority !== undefined && spec.priority !== null) set('priority', String(spec.priority));
  const params = opts.parameters ?? spec.arguments?.parameters ?? [];
  const paramsJson = toJsonText(params.map((p) => ({ ...p, ...(paramText(p) !== undefined ? { value: paramText(p) } : {}) })));
  set('parameters', paramsJson);
  set('parameters.json', paramsJson);
  for (const p of params) set(`parameters.${p.name}`, paramText(p));
  for (const [kind, map] of [['labels', md.labels], ['annotations', md.annotations]] as const) {
    const json = toJsonText(map ?? {});
    set(kind, json);
    set(`${kind}.json`, json);
    for (const [k, v] of Object.entries(map ?? {})) set(`${kind}.${k}`, v);
  }
  const created = toDate(md.creationTimestamp);
  if (created) {
    set('creationTimestamp', rfc3339(created));
    set('creationTimestamp.RFC3339', rfc3339(created));
    for (const [c, f] of Object.entries(STRFTIME)) set(`creationTimestamp.${c}`, f(created));
  }
  const scheduled = md.annotations?.[SCHEDULED_TIME_ANNOTATION];
  if (scheduled) set('scheduledTime', scheduled);
  const started = toDate(wf.status?.startedAt);
  if (started) set('duration', String(Math.max(0, ((opts.now ?? new Date()).getTime() - started.getTime()) / 1000)));
  set('status', wf.status?.phase || 'Running');
  for (const p of wf.status?.outputs?.parameters ?? []) set(`outputs.parameters.${p.name}`, paramText(p));
  for (const a of wf.status?.outputs?.artifacts ?? []) s[`workflow.outputs.artifacts.${a.name}`] = a;
  return s;
}

export interface TemplateLike {
  inputs?: { parameters?: ParameterLike[] | null | undefined; artifacts?: ArtifactLike[] | null | undefined } | null | undefined;
  outputs?: { parameters?: Array<ParameterLike & { valueFrom?: { path?: string | undefined } | null | undefined }> | null | undefined; artifacts?: ArtifactLike[] | null | undefined } | null | undefined;
}

/** `inputs.*` of a template whose inputs are resolved, plus the declared output paths. */
export function inputsScope(tmpl: TemplateLike): Scope {
  const s: Scope = {};
  const params = tmpl.inputs?.parameters ?? [];
  s['inputs.parameters'] = toJsonText(params.map((p) => ({ ...p, ...(paramText(p) !== undefined ? { value: paramText(p) } : {}) })));
  for (const p of params) {
    const v = paramText(p);
    if (v !== undefined) s[`inputs.parameters.${p.name}`] = v;
  }
  for (const a of tmpl.inputs?.artifacts ?? []) {
    s[`inputs.artifacts.${a.name}`] = a;
    if (a.path) s[`inputs.artifacts.${a.name}.path`] = a.path;
  }
  for (const p of tmpl.outputs?.parameters ?? []) {
    if (p.valueFrom?.path) s[`outputs.parameters.${p.name}.path`] = p.valueFrom.path;
  }
  for (const a of tmpl.outputs?.artifacts ?? []) {
    if (a.path) s[`outputs.artifacts.${a.name}.path`] = a.path;
  }
  return s;
}

/** `item` and `item.<key>`: scalars as text, maps and lists as JSON for text, the raw value for expressions. */
export function itemScope(item: unknown): Scope {
  const s: Scope = { item };
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    for (const [k, v] of Object.entries(item)) s[`item.${k}`] = typeof v === 'object' && v !== null ? toJsonText(v) : goString(v);
  }
  return s;
}

export interface NodeLike {
  id?: string | undefined;
  name?: string | undefined;
  displayName?: string | undefined;
  phase?: string | undefined;
  type?: string | undefined;
  startedAt?: unknown;
  finishedAt?: unknown;
  hostNodeName?: string | undefined;
  podIP?: string | undefined;
  daemoned?: boolean | undefined;
  outputs?: OutputsLike | null | undefined;
}

function stamp(v: unknown): string | undefined {
  if (v instanceof Date) return rfc3339(v);
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * `steps.<name>.*` or `tasks.<name>.*` for one finished (or running) node.
 * `absentParameters` names output parameters that are absent (skipped producer, no default).
 */
export function nodeScope(prefix: 'steps' | 'tasks', name: string, node: NodeLike, absentParameters: string[] = []): Scope {
  const s: Scope = {};
  const base = `${prefix}.${name}`;
  const set = (k: string, v: unknown): void => { if (v !== undefined && v !== null) s[`${base}.${k}`] = v; };
  set('id', node.id);
  set('status', node.phase);
  set('startedAt', stamp(node.startedAt));
  set('finishedAt', stamp(node.finishedAt));
  // Pods always run somewhere on a real cluster; a simulated or local pod may not say where.
  set('hostNodeName', node.hostNodeName ?? (node.type === undefined || node.type === 'Pod' ? '' : undefined));
  set('ip', node.podIP);
  const out = node.outputs;
  if (out?.exitCode !== undefined && out.exitCode !== null) set('exitCode', String(out.exitCode));
  if (out?.result !== undefined && out.result !== null) set('outputs.result', out.result);
  for (const p of out?.parameters ?? []) set(`outputs.parameters.${p.name}`, paramText(p));
  for (const a of out?.artifacts ?? []) set(`outputs.artifacts.${a.name}`, a);
  for (const n of absentParameters) if (s[`${base}.outputs.parameters.${n}`] === undefined) s[`${base}.outputs.parameters.${n}`] = ABSENT;
  return s;
}

/** Loop index of a child named `name(3:value)`; children without one sort last in given order. */
function loopIndex(n: NodeLike): number {
  const m = /\((\d+):/.exec(n.displayName ?? n.name ?? '');
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

function parseResult(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Aggregated outputs of a looped step/task (Argo's processAggregateNodeOutputs):
 * `outputs.result` is a JSON list of each Succeeded child's result parsed as
 * JSON, `outputs.parameters` a JSON list of per-child maps, and
 * `outputs.parameters.<p>` a JSON list of values (kept as objects/lists when
 * every value is one, else strings). Children are ordered by loop index;
 * unsuccessful children are left out.
 */
export function loopNodeScope(prefix: 'steps' | 'tasks', name: string, children: NodeLike[]): Scope {
  const base = `${prefix}.${name}`;
  if (children.length === 0) return {};
  const ok = children
    .filter((c) => c.phase === 'Succeeded' && c.type !== 'Retry' && c.outputs)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => loopIndex(a.c) - loopIndex(b.c) || a.i - b.i)
    .map((x) => x.c);
  const results: unknown[] = [];
  const paramMaps: Array<Record<string, string>> = [];
  const values = new Map<string, string[]>();
  for (const c of ok) {
    const out = c.outputs!;
    if (out.parameters?.length) {
      const m: Record<string, string> = {};
      for (const p of out.parameters) {
        const v = paramText(p) ?? '';
        m[p.name] = v;
        values.set(p.name, [...(values.get(p.name) ?? []), v]);
      }
      paramMaps.push(m);
    }
    if (out.result !== undefined && out.result !== null) results.push(parseResult(out.result));
  }
  const s: Scope = {
    [`${base}.outputs.result`]: toJsonText(results),
    [`${base}.outputs.parameters`]: toJsonText(paramMaps),
  };
  for (const [p, list] of values) {
    const parsed = list.map(parseResult);
    const structured = parsed.every((v) => typeof v === 'object' && v !== null);
    s[`${base}.outputs.parameters.${p}`] = toJsonText(structured ? parsed : list);
  }
  return s;
}
