/**
 * The operations the commands need, behind one interface so that command
 * logic can be tested with an in-memory fake and run against any cluster.
 */
import type { Readable } from 'node:stream';
import { compressIfLarge, hydrateWorkflow } from '@argo-ts/spec';
import type { KubeObject } from '../types.js';
import { CliError, cliKubeError } from '../errors.js';
import type { Connection } from './kubeconfig.js';
import { isCode, type KubeClient, type KubeRequest } from '@argo-ts/spec/kube';
import { cliKubeClient } from './http.js';
import { resourcePath, Resources, type ResourceInfo } from './resources.js';

export interface ListOptions {
  /** undefined = all namespaces (for namespaced kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WatchEvent { type: string; object: KubeObject }

export interface LogOptions {
  container: string;
  follow?: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  timestamps?: boolean;
  previous?: boolean;
}

export interface ArgoApi {
  readonly namespace: string;
  get(r: ResourceInfo, name: string, namespace?: string): Promise<KubeObject>;
  list(r: ResourceInfo, opts: ListOptions): Promise<KubeObject[]>;
  create(r: ResourceInfo, obj: KubeObject, opts?: { namespace?: string; dryRun?: boolean }): Promise<KubeObject>;
  replace(r: ResourceInfo, obj: KubeObject): Promise<KubeObject>;
  /**
   * Writes the whole object including status: main resource, then the status
   * subresource where the server has one (the local cluster's Workflow CRD
   * does; Argo's does not, and keeps status with the object).
   */
  replaceWithStatus(r: ResourceInfo, obj: KubeObject): Promise<KubeObject>;
  mergePatch(r: ResourceInfo, name: string, patch: unknown, namespace?: string): Promise<KubeObject>;
  /** Patch through the status subresource (servers that have none get a main-resource patch). */
  mergePatchStatus(r: ResourceInfo, name: string, patch: unknown, namespace?: string): Promise<KubeObject>;
  delete(r: ResourceInfo, name: string, namespace?: string): Promise<void>;
  /**
   * Watches from `resourceVersion` until `onEvent` returns false or the
   * signal aborts; re-establishes the watch when the server ends it.
   */
  watch(r: ResourceInfo, opts: ListOptions & { name?: string; resourceVersion?: string }, onEvent: (ev: WatchEvent) => boolean | void, signal?: AbortSignal): Promise<void>;
  logs(namespace: string, pod: string, opts: LogOptions): Promise<Readable>;
}

/** Workflows stored with `status.compressedNodes` (large node status) read as if their nodes were plain. */
function readable(o: KubeObject): KubeObject {
  return (o as { status?: { compressedNodes?: unknown } }).status?.compressedNodes ? hydrateWorkflow(o as KubeObject & { status: object }) : o;
}

function describe(r: ResourceInfo, ns: string | undefined, name?: string): string {
  return `${r.label}${name ? ` ${r.namespaced && ns ? `${ns}/` : ''}${name}` : r.namespaced && ns ? `s in ${ns}` : 's'}`;
}

export class HttpArgoApi implements ArgoApi {
  private readonly client: KubeClient;
  readonly namespace: string;

  constructor(conn: Connection) {
    this.client = cliKubeClient(conn);
    this.namespace = conn.namespace;
  }

  /** A JSON request; failures become the CliError naming `what`. */
  private async json<T>(req: KubeRequest & { what: string }): Promise<T> {
    try {
      return await this.client.json<T>(req);
    } catch (err) {
      throw cliKubeError(err, req.what);
    }
  }

  async get(r: ResourceInfo, name: string, namespace = this.namespace): Promise<KubeObject> {
    return readable(await this.json({ method: 'GET', path: resourcePath(r, namespace, name), what: `get ${describe(r, namespace, name)}` }));
  }

  async list(r: ResourceInfo, opts: ListOptions): Promise<KubeObject[]> {
    const res = await this.json<{ items?: KubeObject[] }>({
      method: 'GET',
      path: resourcePath(r, opts.namespace),
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
      what: `list ${describe(r, opts.namespace)}`,
    });
    return (res.items ?? []).map(readable);
  }

  create(r: ResourceInfo, obj: KubeObject, opts: { namespace?: string; dryRun?: boolean } = {}): Promise<KubeObject> {
    const ns = opts.namespace ?? obj.metadata.namespace ?? this.namespace;
    const name = obj.metadata.name ?? `${obj.metadata.generateName ?? ''}*`;
    return this.json({
      method: 'POST', path: resourcePath(r, ns), body: obj, query: { dryRun: opts.dryRun ? 'All' : undefined },
      what: `create ${describe(r, ns, name)}`,
    });
  }

  replace(r: ResourceInfo, obj: KubeObject): Promise<KubeObject> {
    const ns = obj.metadata.namespace ?? this.namespace;
    return this.json({ method: 'PUT', path: resourcePath(r, ns, obj.metadata.name), body: obj, what: `update ${describe(r, ns, obj.metadata.name)}` });
  }

  async replaceWithStatus(r: ResourceInfo, given: KubeObject): Promise<KubeObject> {
    // A status read with its nodes decompressed goes back compressed when it is that large.
    const obj = compressIfLarge(given as KubeObject & { status?: object }) as KubeObject;
    const ns = obj.metadata.namespace ?? this.namespace;
    const main = await this.replace(r, obj);
    if (obj.status === undefined || JSON.stringify(main.status) === JSON.stringify(obj.status)) return readable(main);
    try {
      return readable(await this.json({
        method: 'PUT', path: resourcePath(r, ns, obj.metadata.name, 'status'),
        body: { ...obj, metadata: { ...obj.metadata, resourceVersion: main.metadata.resourceVersion } },
        what: `update status of ${describe(r, ns, obj.metadata.name)}`,
      }));
    } catch (err) {
      if (err instanceof CliError && err.code === 'not-found') return readable(main);
      throw err;
    }
  }

  mergePatch(r: ResourceInfo, name: string, patch: unknown, namespace = this.namespace): Promise<KubeObject> {
    return this.json({
      method: 'PATCH', path: resourcePath(r, namespace, name), body: patch, contentType: 'application/merge-patch+json',
      what: `patch ${describe(r, namespace, name)}`,
    });
  }

  async mergePatchStatus(r: ResourceInfo, name: string, patch: unknown, namespace = this.namespace): Promise<KubeObject> {
    try {
      return await this.json({
        method: 'PATCH', path: resourcePath(r, namespace, name, 'status'), body: patch, contentType: 'application/merge-patch+json',
        what: `patch status of ${describe(r, namespace, name)}`,
      });
    } catch (err) {
      // Argo's CRDs have no status subresource: status is written with the object.
      if (err instanceof CliError && err.code === 'not-found') return this.mergePatch(r, name, patch, namespace);
      throw err;
    }
  }

  async delete(r: ResourceInfo, name: string, namespace = this.namespace): Promise<void> {
    await this.json({
      method: 'DELETE', path: resourcePath(r, namespace, name), body: { propagationPolicy: 'Background' },
      what: `delete ${describe(r, namespace, name)}`,
    });
  }

  async watch(r: ResourceInfo, opts: ListOptions & { name?: string; resourceVersion?: string }, onEvent: (ev: WatchEvent) => boolean | void, signal?: AbortSignal): Promise<void> {
    let rv = opts.resourceVersion;
    const fieldSelector = [opts.fieldSelector, opts.name ? `metadata.name=${opts.name}` : undefined].filter(Boolean).join(',');
    for (;;) {
      let done = false;
      let expired = false;
      const started = Date.now();
      const what = `watch ${describe(r, opts.namespace, opts.name)}`;
      await this.client.watch<KubeObject>(
        {
          method: 'GET', path: resourcePath(r, opts.namespace),
          query: { labelSelector: opts.labelSelector, fieldSelector, resourceVersion: rv, allowWatchBookmarks: true },
        },
        (type, object) => {
          const newRv = object?.metadata?.resourceVersion;
          if (newRv) rv = newRv;
          if (type === 'BOOKMARK') return true;
          if (onEvent({ type, object: readable(object) }) === false) { done = true; return false; }
          return true;
        },
        signal,
      ).catch((err: unknown) => {
        // 410 Gone: the resourceVersion was compacted; start over from the current state.
        if (isCode(err, 'Gone')) { expired = true; return 'ended' as const; }
        throw cliKubeError(err, what);
      });
      if (expired) rv = undefined;
      if (done || signal?.aborted) return;
      // A server that ends watches at once must not turn this into a busy loop.
      if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 500));
    }
  }

  async logs(namespace: string, pod: string, opts: LogOptions): Promise<Readable> {
    const what = `logs of pod ${namespace}/${pod} container ${opts.container}`;
    return this.client.stream({
      method: 'GET',
      path: resourcePath(Resources.pod, namespace, pod, 'log'),
      query: {
        container: opts.container, follow: opts.follow || undefined, sinceSeconds: opts.sinceSeconds,
        sinceTime: opts.sinceTime, tailLines: opts.tailLines, timestamps: opts.timestamps || undefined,
        previous: opts.previous || undefined,
      },
    }).catch((err: unknown) => { throw cliKubeError(err, what); });
  }
}
