/**
 * KubeApi over the shared Kubernetes client (@argo-ts/spec/kube): maps the
 * controller's resource-level calls onto paths. @kubernetes/client-node is
 * used only for what it does well (reading kubeconfigs, auth, TLS).
 */
import type http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { connectionFromKubeConfig, KubeClient, PATCH_CONTENT_TYPES, type KubeClientOptions, type KubeRequest } from '@argo-ts/spec/kube';
import type { KubeApi, KubeObject, ListOptions, ObjectList, PatchType, WatchEventType, WatchOptions } from './api.js';
import { apiVersionOf, pathFor, type ResourceRef } from './resources.js';

export type RestOptions = Pick<KubeClientOptions, 'timeoutMs' | 'limiter'>;

export class RestKubeApi implements KubeApi {
  private readonly client: KubeClient;

  constructor(kc: KubeConfig, opts: RestOptions = {}) {
    this.client = new KubeClient(connectionFromKubeConfig(kc), opts);
  }

  /**
   * A request whose response the caller reads: log and watch streams, and
   * callers that need the API's own Status body (the Argo Server passes it on).
   */
  open(method: KubeRequest['method'], path: string, opts: { query?: Record<string, string | number | undefined>; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<http.IncomingMessage> {
    return this.client.raw({ method, path, query: opts.query, body: opts.body, contentType: opts.contentType }, opts.signal);
  }

  async list<T extends KubeObject>(r: ResourceRef, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const body = await this.client.json<{ items?: T[]; metadata?: { resourceVersion?: string } }>({
      method: 'GET', path: pathFor(r, opts.namespace), query: { labelSelector: opts.labelSelector },
    });
    const kind = r.kind;
    const apiVersion = apiVersionOf(r);
    // List items omit apiVersion/kind on real API servers; the operator expects them.
    const items = (body.items ?? []).map((i) => ({ apiVersion, kind, ...i }));
    return { items, resourceVersion: body.metadata?.resourceVersion ?? '' };
  }

  async watch<T extends KubeObject>(r: ResourceRef, opts: WatchOptions, onEvent: (type: WatchEventType, obj: T) => void, signal: AbortSignal): Promise<void> {
    await this.client.watch<T>({
      method: 'GET', path: pathFor(r, opts.namespace),
      query: {
        resourceVersion: opts.resourceVersion, labelSelector: opts.labelSelector,
        timeoutSeconds: opts.timeoutSeconds, allowWatchBookmarks: 'true',
      },
    }, (type, obj) => { onEvent(type, obj); }, signal);
  }

  get<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string): Promise<T> {
    return this.client.json({ method: 'GET', path: pathFor(r, ns, name) });
  }

  create<T extends KubeObject>(r: ResourceRef, ns: string | undefined, obj: T): Promise<T> {
    return this.client.json({ method: 'POST', path: pathFor(r, ns), body: obj });
  }

  replace<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, obj: T, sub?: 'status'): Promise<T> {
    return this.client.json({ method: 'PUT', path: pathFor(r, ns, name, sub), body: obj });
  }

  patch<T extends KubeObject>(r: ResourceRef, ns: string | undefined, name: string, patch: unknown, type: PatchType): Promise<T> {
    return this.client.json({ method: 'PATCH', path: pathFor(r, ns, name), body: patch, contentType: PATCH_CONTENT_TYPES[type] });
  }

  async delete(r: ResourceRef, ns: string | undefined, name: string): Promise<void> {
    await this.client.json({ method: 'DELETE', path: pathFor(r, ns, name), body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  }
}
