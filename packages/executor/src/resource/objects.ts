/**
 * The generic object API the manifest actions need (read, create, replace, patch, delete any kind),
 * over the one Kubernetes client: the manifest's apiVersion and kind are mapped to a URL through
 * discovery, once per kind, as kubectl's REST mapper does. Replaces client-node's
 * KubernetesObjectApi, which made `argoexec resource` load all of client-node.
 */
import { KubeClient, type KubeConfigLike, connectionFromKubeConfig } from '@argo-ts/spec/kube';
import { resolveManifestKind, type ResolvedKind } from './discovery.js';

/** The fields of any Kubernetes object the resource template reads. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    resourceVersion?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface DeleteFlags { gracePeriodSeconds?: number; propagationPolicy?: string }

export class ObjectClient {
  private readonly kinds = new Map<string, Promise<ResolvedKind>>();

  constructor(readonly client: KubeClient) {}

  static fromKubeConfig(kc: KubeConfigLike): ObjectClient {
    return new ObjectClient(new KubeClient(connectionFromKubeConfig(kc)));
  }

  private kindOf(obj: KubeObject): Promise<ResolvedKind> {
    const key = `${obj.apiVersion}|${obj.kind}`;
    let k = this.kinds.get(key);
    if (!k) {
      k = resolveManifestKind((path) => this.client.json({ method: 'GET', path }), obj.apiVersion!, obj.kind!);
      // A failed lookup is not remembered: the next call asks again.
      k.catch(() => this.kinds.delete(key));
      this.kinds.set(key, k);
    }
    return k;
  }

  /** The collection path (no name) or the object path of `obj`. */
  private async path(obj: KubeObject, named: boolean): Promise<string> {
    const kind = await this.kindOf(obj);
    const base = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
    const ns = kind.namespaced && obj.metadata?.namespace ? `/namespaces/${encodeURIComponent(obj.metadata.namespace)}` : '';
    const name = named ? `/${encodeURIComponent(obj.metadata?.name ?? '')}` : '';
    return `${base}${ns}/${kind.plural}${name}`;
  }

  async read(obj: KubeObject): Promise<KubeObject> {
    return this.client.json<KubeObject>({ method: 'GET', path: await this.path(obj, true) });
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    return this.client.json<KubeObject>({ method: 'POST', path: await this.path(obj, false), body: obj, query: { fieldManager: 'argoexec' } });
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    return this.client.json<KubeObject>({ method: 'PUT', path: await this.path(obj, true), body: obj, query: { fieldManager: 'argoexec' } });
  }

  async patch(obj: KubeObject, contentType: string): Promise<KubeObject> {
    return this.client.json<KubeObject>({ method: 'PATCH', path: await this.path(obj, true), body: obj, contentType, query: { fieldManager: 'argoexec' } });
  }

  async delete(obj: KubeObject, flags: DeleteFlags): Promise<void> {
    const body = {
      apiVersion: 'v1', kind: 'DeleteOptions',
      ...(flags.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: flags.gracePeriodSeconds } : {}),
      ...(flags.propagationPolicy ? { propagationPolicy: flags.propagationPolicy } : {}),
    };
    await this.client.json({ method: 'DELETE', path: await this.path(obj, true), body });
  }
}
