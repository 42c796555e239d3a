/**
 * The resource actions whose object is named by `resource.flags` (`kubectl patch pod x -p …`)
 * rather than by the manifest: the kind is resolved by discovery, and for patch the manifest is
 * only the body (a list of operations for `json`), sent with the strategy's content type.
 */
import type { KubeObject as KubernetesObject } from './objects.js';
import { parse as parseYaml } from 'yaml';
import { ExecutorError, messageOf } from '../errors.js';
import { resolveKind } from './discovery.js';
import type { KubectlFlags, Target } from './flags.js';
import { connectionFromKubeConfig, isCode, KubeClient, PATCH_CONTENT_TYPES, type KubeConfigLike, type PatchType } from '@argo-ts/spec/kube';

/** The content type for `resource.mergeStrategy` (strategic when unset, as kubectl). */
export function patchContentType(mergeStrategy: string | undefined): string {
  // kubectl's `--type` values are the shared client's patch types.
  const strategy = mergeStrategy || 'strategic';
  if (!Object.hasOwn(PATCH_CONTENT_TYPES, strategy)) {
    throw new ExecutorError('BadTemplate', `resource.mergeStrategy: "${mergeStrategy}" is not one of ${Object.keys(PATCH_CONTENT_TYPES).join(', ')}`);
  }
  return PATCH_CONTENT_TYPES[strategy as PatchType];
}

export interface TargetRequest {
  kubeConfig: KubeConfigLike;
  action: string;
  target: Target;
  flags: KubectlFlags;
  /** The namespace when neither the flags nor the object say otherwise. */
  defaultNamespace: string;
  /** The manifest text: the patch body for patch, absent otherwise. */
  manifest?: string;
  mergeStrategy?: string;
}

interface Located { req: TargetRequest; client: KubeClient; path: string }
type TargetAction = (l: Located) => Promise<KubernetesObject | undefined>;

const notFound = (err: unknown) => isCode(err, 'NotFound');

function patchBody(text: string | undefined, mergeStrategy: string | undefined): unknown {
  if (!text?.trim()) throw new ExecutorError('BadTemplate', 'resource.manifest: the patch body is required for action patch');
  let body: unknown;
  try {
    body = parseYaml(text);
  } catch (err) {
    throw new ExecutorError('BadTemplate', `resource.manifest: not valid YAML: ${messageOf(err)}`);
  }
  const json = (mergeStrategy || 'strategic') === 'json';
  if (json && !Array.isArray(body)) throw new ExecutorError('BadTemplate', 'resource.manifest: mergeStrategy json needs a list of JSON-patch operations');
  if (!json && (!body || typeof body !== 'object' || Array.isArray(body))) {
    throw new ExecutorError('BadTemplate', `resource.manifest: mergeStrategy ${mergeStrategy || 'strategic'} needs an object`);
  }
  return body;
}

/** One handler per action that accepts a target, as kubectl names them. */
const TARGET_ACTIONS: Record<string, TargetAction> = {
  async get({ req, client, path }) {
    try {
      return await client.json<KubernetesObject>({ method: 'GET', path });
    } catch (err) {
      if (req.flags.ignoreNotFound && notFound(err)) return undefined;
      throw err;
    }
  },
  async patch({ req, client, path }) {
    const body = patchBody(req.manifest, req.mergeStrategy);
    const contentType = patchContentType(req.mergeStrategy);
    return client.json<KubernetesObject>({ method: 'PATCH', path, body, contentType, query: { fieldManager: 'argoexec' } });
  },
  async delete({ req, client, path }) {
    const { gracePeriodSeconds, propagationPolicy } = req.flags;
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}), ...(propagationPolicy ? { propagationPolicy } : {}) };
    try {
      await client.json({ method: 'DELETE', path, body });
    } catch (err) {
      // Argo always deletes with --ignore-not-found.
      if (!notFound(err)) throw err;
    }
    return undefined;
  },
};

/** Runs `action` on the object the flags name; returns its reference (for conditions) and the API's answer. */
export async function runOnTarget(req: TargetRequest): Promise<{ obj: KubernetesObject; result?: KubernetesObject }> {
  const handler = TARGET_ACTIONS[req.action];
  if (!handler) {
    throw new ExecutorError('BadTemplate', `resource.flags: a target ("${req.target.type} ${req.target.name}") only works with ${Object.keys(TARGET_ACTIONS).join(', ')}; action ${req.action} takes its object from resource.manifest`);
  }
  if (req.action !== 'patch' && req.manifest?.trim()) {
    throw new ExecutorError('BadTemplate', `resource: action ${req.action} names its object either in resource.flags or in resource.manifest, not both`);
  }
  if (req.action === 'patch') patchBody(req.manifest, req.mergeStrategy);
  const client = new KubeClient(connectionFromKubeConfig(req.kubeConfig));
  const kind = await resolveKind((path) => client.json({ method: 'GET', path }), req.target.type);
  const ns = kind.namespaced ? req.flags.namespace ?? req.defaultNamespace : undefined;
  const base = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  const path = `${base}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${kind.plural}/${encodeURIComponent(req.target.name)}`;
  const obj: KubernetesObject = { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name: req.target.name, ...(ns ? { namespace: ns } : {}) } };
  return { obj, result: await handler({ req, client, path }) };
}
