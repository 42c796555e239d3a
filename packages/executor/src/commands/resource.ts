import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_VERSION, Env, Paths } from '@argo-ts/spec';
import { parse as parseYaml } from 'yaml';
import type { ExecutorContext, ExecutorResult } from '../context.js';
import { ExecutorError, messageOf } from '../errors.js';
import { logger } from '../log.js';
import { reporterFor } from '../reporter/index.js';
import { jsonPath, matches, parseCondition, type Requirement } from '../resource/conditions.js';
import { jqFilter } from '../resource/jq.js';
import { parseFlags, type KubectlFlags } from '../resource/flags.js';
import { ObjectClient, type KubeObject as KubernetesObject } from '../resource/objects.js';
import { patchContentType, runOnTarget } from '../resource/target.js';
import { isCode, KubeApiError } from '@argo-ts/spec/kube';
import { templateOf, type Outputs, type Parameter, type Template } from '../template.js';

type ObjectApi = ObjectClient;
type Resource = NonNullable<Template['resource']>;
type Action = (api: ObjectApi, obj: KubernetesObject, r: Resource, flags: KubectlFlags) => Promise<KubernetesObject | undefined>;

const notFound = (err: unknown) => isCode(err, 'NotFound');

/** One handler per action, as kubectl names them. */
const actions: Record<string, Action> = {
  async get(api, obj, _r, flags) {
    try {
      return await api.read(obj);
    } catch (err) {
      if (flags.ignoreNotFound && notFound(err)) return undefined;
      throw err;
    }
  },
  create: (api, obj) => api.create(obj),
  async apply(api, obj) {
    try {
      await api.read(obj);
    } catch (err) {
      if (notFound(err)) return api.create(obj);
      throw err;
    }
    return api.patch(obj, patchContentType('merge'));
  },
  async replace(api, obj) {
    const current = await api.read(obj);
    return api.replace({ ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata?.resourceVersion } });
  },
  async patch(api, obj, r) {
    return api.patch(obj, patchContentType(r.mergeStrategy));
  },
  async delete(api, obj, _r, flags) {
    try {
      await api.delete(obj, flags);
    } catch (err) {
      // Argo always deletes with --ignore-not-found.
      if (!notFound(err)) throw err;
    }
    return undefined;
  },
};

async function manifestText(ctx: ExecutorContext, t: Template, r: Resource): Promise<string | undefined> {
  const from = r.manifestFrom?.artifact;
  if (r.manifest !== undefined || !from) return r.manifest;
  const input = t.inputs?.artifacts?.find((a) => a.name === from.name);
  return readFile(ctx.resolvePath(input?.path ?? `${Paths.inputArtifacts}/${from.name}`), 'utf8');
}

function manifestOf(ctx: ExecutorContext, r: Resource, text: string | undefined, namespace: string): KubernetesObject {
  if (!text) throw new ExecutorError('BadTemplate', 'resource: manifest (or manifestFrom.artifact) is required, unless resource.flags names the object ("kind name")');
  let obj: unknown;
  try {
    obj = parseYaml(text);
  } catch (err) {
    throw new ExecutorError('BadTemplate', `resource.manifest: not valid YAML: ${messageOf(err)}`);
  }
  const o = obj as KubernetesObject;
  if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind) {
    throw new ExecutorError('BadTemplate', 'resource.manifest: must be one object with apiVersion and kind');
  }
  o.metadata ??= {};
  o.metadata.namespace ??= namespace;
  if (r.setOwnerReference && ctx.env[Env.workflowUid]) {
    o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), {
      apiVersion: API_VERSION, kind: 'Workflow', name: ctx.env[Env.workflowName] ?? '', uid: ctx.env[Env.workflowUid]!,
      controller: true, blockOwnerDeletion: true,
    }];
  }
  return o;
}

/** Polls the resource until the failure condition (checked first) or the success condition holds. */
async function awaitConditions(ctx: ExecutorContext, api: ObjectApi, obj: KubernetesObject, r: Resource, pollMs: number): Promise<KubernetesObject> {
  const success: Requirement[] | undefined = r.successCondition ? parseCondition(r.successCondition, 'resource.successCondition') : undefined;
  const failure: Requirement[] | undefined = r.failureCondition ? parseCondition(r.failureCondition, 'resource.failureCondition') : undefined;
  for (;;) {
    if (ctx.signal.aborted) throw new ExecutorError('Aborted', 'resource: the pod is being deleted');
    const current = await api.read(obj);
    if (failure && matches(current, failure)) {
      throw new ExecutorError('Resource', `${obj.kind}/${obj.metadata?.name}: failure condition "${r.failureCondition}" matched`);
    }
    if (!success || matches(current, success)) return current;
    await sleep(pollMs, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
}

async function outputParameters(t: Template, obj: KubernetesObject | undefined): Promise<Parameter[]> {
  return Promise.all((t.outputs?.parameters ?? []).map(async (p) => {
    if (p.valueFrom?.jqFilter) return { ...p, value: obj ? await jqFilter(obj, p.valueFrom.jqFilter, `output parameter "${p.name}"`) : '' };
    if (!p.valueFrom?.jsonPath) return p;
    return { ...p, value: obj ? jsonPath(obj, p.valueFrom.jsonPath) : '' };
  }));
}

/** `argoexec resource [action]`: the resource template's whole job, including reporting its outputs. */
export async function runResource(ctx: ExecutorContext, pollMs = 1000): Promise<ExecutorResult> {
  const log = logger(ctx.stderr);
  const t = await templateOf(ctx);
  if (!t.resource) throw new ExecutorError('BadTemplate', 'env ARGO_TEMPLATE: resource: is required for argoexec resource');
  const r = t.resource;
  const name = ctx.args[1] ?? r.action;
  const action = actions[name];
  if (!action) throw new ExecutorError('BadTemplate', `resource.action: "${name}" is not one of ${Object.keys(actions).join(', ')}`);
  const flags = parseFlags(name, r.flags ?? []);
  const text = await manifestText(ctx, t, r);
  const namespace = flags.namespace ?? (ctx.env[Env.namespace] || 'default');
  const api = ObjectClient.fromKubeConfig(ctx.kubeConfig);
  let obj: KubernetesObject;
  let result: KubernetesObject | undefined;
  if (flags.target) {
    const { type, name: target } = flags.target;
    try {
      ({ obj, result } = await runOnTarget({
        kubeConfig: ctx.kubeConfig, action: name, target: flags.target, flags, defaultNamespace: namespace, manifest: text, mergeStrategy: r.mergeStrategy,
      }));
    } catch (err) {
      if (err instanceof ExecutorError) throw err;
      throw new ExecutorError('Resource', `resource ${name} ${type}/${target}: ${messageOf(err)}`);
    }
  } else {
    obj = manifestOf(ctx, r, text, namespace);
    try {
      result = await action(api, obj, r, flags);
    } catch (err) {
      if (err instanceof ExecutorError) throw err;
      // The server's own words, as kubectl prints them (`configmaps "x" already exists`).
      const said = err instanceof KubeApiError && err.status !== 0 ? err.statusMessage : messageOf(err);
      throw new ExecutorError('Resource', `resource ${name} ${obj.kind}/${obj.metadata?.name ?? ''}: ${said}`);
    }
  }
  const ref = `${obj.metadata?.namespace}/${obj.kind?.toLowerCase()}/${result?.metadata?.name ?? obj.metadata?.name}`;
  ctx.stdout.write(`${ref}\n`);
  log.info(`resource ${name} done`, { resource: ref });
  if (name !== 'delete' && (r.successCondition || r.failureCondition)) {
    result = await awaitConditions(ctx, api, result ?? obj, r, pollMs);
  }
  const outputs: Outputs = { exitCode: '0' };
  const params = await outputParameters(t, result);
  if (params.length) outputs.parameters = params;
  await reporterFor({ kubeConfig: ctx.kubeConfig, env: ctx.env, signal: ctx.signal }).report(outputs);
  return { exitCode: 0 };
}
