/**
 * Reading outputs: `steps.X.*` / `tasks.X.*` variables from a producer node,
 * loop aggregation (JSON lists over the succeeded iterations), a steps/DAG
 * template's own outputs, and exporting `globalName` outputs.
 */
import type { ExprRuntime } from '@argo-ts/lang';
import type { Artifact, NodeStatus, Outputs, Parameter, Template } from './model.js';
import type { Operation } from './state.js';
import { OperatorError } from './types.js';
import { ABSENT, chain, substituteString, type Lookup } from './vars.js';
import { expressionText } from './expressions.js';

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Loop index from a child name `x(3:value)`, for sorting iterations. */
function loopIndex(node: NodeStatus): number {
  const m = /\((\d+):/.exec(node.name.slice(node.name.lastIndexOf('(')));
  return m ? Number(m[1]) : 0;
}

function isObjectLike(v: unknown): boolean {
  return !!v && typeof v === 'object';
}

/** Variables of an aggregated loop producer. */
export function aggregateField(children: NodeStatus[], rest: string): string | undefined {
  const ok = children.filter((c) => c.phase === 'Succeeded').sort((a, b) => loopIndex(a) - loopIndex(b));
  if (rest === 'outputs.result') {
    return JSON.stringify(ok.filter((c) => c.outputs?.result !== undefined).map((c) => parseJsonOr(c.outputs!.result!)));
  }
  if (rest === 'outputs.parameters') {
    return JSON.stringify(ok.map((c) => Object.fromEntries((c.outputs?.parameters ?? []).map((p) => [p.name, p.value]))));
  }
  if (rest.startsWith('outputs.parameters.')) {
    const name = rest.slice(19);
    const values = ok.map((c) => c.outputs?.parameters?.find((p) => p.name === name)?.value).filter((v): v is string => v !== undefined);
    const parsed = values.map(parseJsonOr);
    return JSON.stringify(parsed.every(isObjectLike) ? parsed : values);
  }
  if (rest === 'status') return children.some((c) => c.phase === 'Failed' || c.phase === 'Error') ? 'Failed' : 'Succeeded';
  return undefined;
}

/**
 * A producer node's variables (`id`, `status`, `outputs.result`, ...). Outputs
 * of a Skipped/Omitted producer are its declared `valueFrom.default`, else ABSENT.
 */
export function nodeField(node: NodeStatus, rest: string, tmplOf?: (n: NodeStatus) => Template | undefined): unknown {
  const v = presentField(node, rest);
  if (v !== undefined || !rest.startsWith('outputs.') || (node.phase !== 'Skipped' && node.phase !== 'Omitted')) return v;
  if (rest.startsWith('outputs.parameters.')) {
    const d = tmplOf?.(node)?.outputs?.parameters?.find((p) => p.name === rest.slice(19))?.valueFrom?.default;
    if (d !== undefined) return d;
  }
  return ABSENT;
}

function presentField(node: NodeStatus, rest: string): string | undefined {
  switch (rest) {
    case 'id': return node.id;
    case 'ip': return node.podIP;
    case 'status': return node.phase;
    case 'exitCode': return node.outputs?.exitCode;
    case 'startedAt': return node.startedAt;
    case 'finishedAt': return node.finishedAt;
    case 'hostNodeName': return node.hostNodeName;
    case 'outputs.result': return node.outputs?.result;
    case 'outputs.parameters': return JSON.stringify(node.outputs?.parameters ?? []);
  }
  if (rest.startsWith('outputs.parameters.')) return node.outputs?.parameters?.find((p) => p.name === rest.slice(19))?.value;
  return undefined;
}

/** Splits `steps.<name>.<rest>` / `tasks.<name>.<rest>`; names may contain dashes but not dots. */
export function splitRef(prefix: 'steps.' | 'tasks.', name: string): { ref: string; rest: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const body = name.slice(prefix.length);
  const dot = body.indexOf('.');
  if (dot < 0) return undefined;
  return { ref: body.slice(0, dot), rest: body.slice(dot + 1) };
}

/** An artifact named by `steps.X.outputs.artifacts.A` / `tasks.X...` / `inputs.artifacts.A` / `workflow.outputs.artifacts.A`. */
export type ArtifactLookup = (name: string) => Artifact | undefined;

export function outputArtifact(node: NodeStatus | undefined, rest: string): Artifact | undefined {
  if (!node || !rest.startsWith('outputs.artifacts.')) return undefined;
  return node.outputs?.artifacts?.find((a) => a.name === rest.slice(18));
}

/** Resolves an argument artifact's `from: "{{...}}"` to the producer's concrete artifact. */
export function resolveFrom(from: string, artifacts: ArtifactLookup): Artifact {
  const m = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(from.trim());
  const found = m ? artifacts(m[1]!) : undefined;
  if (!found) throw new OperatorError('UnresolvedVariable', `unable to resolve artifact from '${from}'`);
  return found;
}

/** A steps/DAG template's outputs (valueFrom.parameter / expression / default) once it has finished. */
export function templateOutputs(tmpl: Template, lookup: Lookup, artifacts: ArtifactLookup, rt: ExprRuntime): Outputs | undefined {
  const decl = tmpl.outputs;
  if (!decl?.parameters?.length && !decl?.artifacts?.length) return undefined;
  const out: Outputs = {};
  const params: Parameter[] = [];
  for (const p of decl.parameters ?? []) {
    const src = p.valueFrom?.parameter ?? p.value;
    let value = src !== undefined ? substituteString(String(src), lookup, { runtime: rt }) : undefined;
    if (p.valueFrom?.expression) value = expressionText(p.valueFrom.expression, chain(artifacts, lookup), rt);
    if (value !== undefined && /\{\{[^}]*\}\}/.test(value)) value = undefined;
    value ??= p.valueFrom?.default;
    if (value === undefined) throw new OperatorError('UnresolvedVariable', `unable to resolve outputs.parameters.${p.name} from '${src ?? ''}'`);
    params.push({ name: p.name, value, ...(p.globalName ? { globalName: p.globalName } : {}) });
  }
  const arts: Artifact[] = [];
  for (const a of decl.artifacts ?? []) {
    if (!a.from) continue;
    const found = /\{\{/.test(a.from) ? (() => { try { return resolveFrom(a.from!, artifacts); } catch (e) { if (a.optional) return undefined; throw e; } })() : undefined;
    if (found) arts.push({ ...found, name: a.name, ...(a.globalName ? { globalName: a.globalName } : {}) });
  }
  if (params.length) out.parameters = params;
  if (arts.length) out.artifacts = arts;
  return out;
}

/** Copies outputs carrying `globalName` into workflow.outputs. */
export function exportGlobals(op: Operation, outputs: Outputs | undefined, tmpl?: Template): void {
  if (!outputs) return;
  const declared = new Map((tmpl?.outputs?.parameters ?? []).map((p) => [p.name, p.globalName]));
  const declaredArts = new Map((tmpl?.outputs?.artifacts ?? []).map((a) => [a.name, a.globalName]));
  for (const p of outputs.parameters ?? []) {
    const g = p.globalName ?? declared.get(p.name);
    if (!g || p.value === undefined) continue;
    const params = (op.globalOutputs.parameters ?? []).filter((x) => x.name !== g);
    op.globalOutputs = { ...op.globalOutputs, parameters: [...params, { name: g, value: p.value }] };
    op.globalsChanged = true;
  }
  for (const a of outputs.artifacts ?? []) {
    const g = a.globalName ?? declaredArts.get(a.name);
    if (!g) continue;
    const arts = (op.globalOutputs.artifacts ?? []).filter((x) => x.name !== g);
    op.globalOutputs = { ...op.globalOutputs, artifacts: [...arts, { ...a, name: g }] };
    op.globalsChanged = true;
  }
}
