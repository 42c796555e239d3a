/**
 * Parameters: the workflow's global variables and a template's inputs
 * (arguments → inputs, defaults, enum, valueFrom.configMapKeyRef), and the
 * lookups substitution reads them through.
 */
import type { Arguments, Artifact, Inputs, Parameter, Template, WorkflowSpec } from './model.js';
import type { Operation } from './state.js';
import { OperatorError } from './types.js';
import { workflowLookup } from '@argo-ts/lang';
import { chain, substituteString, type Lookup } from './vars.js';

function configMapValue(op: Operation, ref: NonNullable<Parameter['valueFrom']>['configMapKeyRef']): string | undefined {
  if (!ref) return undefined;
  const cm = op.ctx.configMaps.get(ref.name ?? '');
  const v = cm?.data?.[ref.key];
  if (v === undefined && !ref.optional) {
    throw new OperatorError('MissingConfigMap', `ConfigMap '${ref.name}' has no key '${ref.key}'`, true);
  }
  return v;
}

/** workflow.parameters.* from spec.arguments. */
export function workflowParameters(op: Operation, spec: WorkflowSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of spec.arguments?.parameters ?? []) {
    const v = p.value ?? configMapValue(op, p.valueFrom?.configMapKeyRef) ?? p.valueFrom?.default ?? p.default;
    if (v !== undefined) out[p.name] = String(v);
  }
  return out;
}


/** The `workflow.*` variables, from the one catalog in @argo-ts/lang. */
export function globalLookup(op: Operation, spec: WorkflowSpec, params: Record<string, string>): Lookup {
  const md = op.wf.metadata;
  const created = md.creationTimestamp ?? op.wf.status?.startedAt ?? op.nowIso;
  return workflowLookup({
    name: op.name,
    namespace: md.namespace ?? 'default',
    uid: md.uid ?? '',
    entrypoint: spec.entrypoint ?? '',
    serviceAccountName: spec.serviceAccountName ?? '',
    priority: Number(spec['priority'] ?? 0),
    creationTimestamp: created,
    startedAt: op.wf.status?.startedAt ?? op.nowIso,
    now: op.now,
    labels: md.labels ?? {},
    annotations: md.annotations ?? {},
    parameters: (spec.arguments?.parameters ?? []).map((p) => ({ name: p.name, value: params[p.name] })),
    runtime: op.extraGlobals,
    outputParameter: (name) => op.globalOutputs.parameters?.find((p) => p.name === name)?.value,
  });
}

/** Binds arguments to a template's declared inputs. Throws OperatorError with Argo's wording. */
export function resolveInputs(op: Operation, tmpl: Template, args: Arguments | undefined): Inputs {
  const decls = tmpl.inputs?.parameters ?? [];
  const given = decls.map((decl) => {
    const arg = args?.parameters?.find((p) => p.name === decl.name);
    return arg?.value ?? configMapValue(op, arg?.valueFrom?.configMapKeyRef) ?? arg?.valueFrom?.default;
  });
  const own = decls.map((decl, i) => (given[i] !== undefined ? undefined
    : decl.value ?? configMapValue(op, decl.valueFrom?.configMapKeyRef) ?? decl.default));
  const params: Parameter[] = [];
  // Argo substitutes a declared value with every input of the template in scope. Inputs not bound yet (this one
  // and later ones) are seen as Argo sees all of them: workflow variables substituted, their input references not.
  const unbound: Lookup = (name) => {
    if (!name.startsWith('inputs.parameters.')) return undefined;
    const j = decls.findIndex((d, k) => k >= params.length && d.name === name.slice(18));
    if (j < 0) return undefined;
    if (given[j] !== undefined) return String(given[j]);
    return own[j] === undefined ? undefined : substituteString(String(own[j]), op.globals, { runtime: op.runtime });
  };
  for (const [i, decl] of decls.entries()) {
    let value = given[i];
    if (value === undefined && own[i] !== undefined) {
      value = substituteString(String(own[i]), chain(inputsLookup({ parameters: params }), unbound, op.globals), { runtime: op.runtime, strict: true });
    }
    if (value === undefined && decl.valueFrom?.supplied === undefined) {
      throw new OperatorError('InvalidSpec', `inputs.parameters.${decl.name} was not supplied`);
    }
    if (value !== undefined && decl.enum && !decl.enum.map(String).includes(String(value))) {
      throw new OperatorError('InvalidSpec', `value '${value}' of inputs.parameters.${decl.name} is not in its enum [${decl.enum.join(', ')}]`);
    }
    const { valueFrom: _vf, ...rest } = decl;
    params.push(value === undefined ? rest : { ...rest, value: String(value) });
  }
  const artifacts: Artifact[] = [];
  for (const decl of tmpl.inputs?.artifacts ?? []) {
    const found = args?.artifacts?.find((a) => a.name === decl.name);
    const unresolved = found?.from !== undefined ? found.from : undefined;
    if (unresolved !== undefined && !decl.optional) throw new OperatorError('UnresolvedVariable', `unable to resolve artifact from '${unresolved}'`);
    const arg = unresolved !== undefined ? undefined : found;
    const merged: Artifact = arg ? { ...decl, ...stripBinding(arg), name: decl.name, path: decl.path } : decl;
    if (!hasLocation(merged) && !merged.optional) {
      throw new OperatorError('InvalidSpec', `inputs.artifacts.${decl.name} was not supplied`);
    }
    artifacts.push(merged);
  }
  const inputs: Inputs = {};
  if (params.length) inputs.parameters = params;
  if (artifacts.length) inputs.artifacts = artifacts;
  return inputs;
}

function stripBinding(a: Artifact): Artifact {
  const { from: _f, fromExpression: _fe, ...rest } = a;
  return rest as Artifact;
}

const LOCATIONS = ['s3', 'gcs', 'oss', 'hdfs', 'artifactory', 'azure', 'http', 'git', 'raw'];
export function hasLocation(a: Artifact): boolean {
  return LOCATIONS.some((k) => (a as Record<string, unknown>)[k] !== undefined);
}

/** `inputs.*` variables of a node. */
export function inputsLookup(inputs: Inputs | undefined): Lookup {
  return (name) => {
    if (!name.startsWith('inputs.')) return undefined;
    if (name === 'inputs.parameters') return JSON.stringify(inputs?.parameters ?? []);
    if (name.startsWith('inputs.parameters.')) return inputs?.parameters?.find((p) => p.name === name.slice(18))?.value;
    const m = /^inputs\.artifacts\.([^.]+)\.path$/.exec(name);
    if (m) return inputs?.artifacts?.find((a) => a.name === m[1])?.path;
    return undefined;
  };
}
