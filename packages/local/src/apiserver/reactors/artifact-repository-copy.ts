/**
 * Every namespace works out of the box: the default artifact repository's
 * credentials Secret (`my-minio-cred`) and the `artifact-repositories`
 * ConfigMap, which the daemon's bootstrap writes in `default`, are copied
 * into every other namespace, and copies follow the original when it changes.
 *
 * Why a copy and not credentials the executor gets some other way: Argo's
 * examples and users' YAML name `my-minio-cred` in their own artifact
 * locations (`accessKeySecret: {name: my-minio-cred}`) and `artifactRepositoryRef`
 * names the ConfigMap; only objects of those names in the workflow's namespace
 * make that YAML run unchanged, as it does in Argo's quick-start namespace.
 * `kubectl get secret my-minio-cred -n x` shows what a step uses.
 *
 * A copy is labelled; an object of the same name that a user made is never
 * touched, and a deleted copy is made again only when the namespace is new
 * or the original changes.
 */
import type { KubeObject, StoreEvent } from '../../store/types.js';
import { ArtifactRepositoryDefaults as D } from '@argo-ts/spec';
import type { ApiContext } from '../context.js';
import { createObject, updateObject } from '../objects.js';
import { NAMESPACES, RESOURCES, type ResourceDef } from '../registry.js';

export const SOURCE_NAMESPACE = 'default';
export const COPIED_FROM_LABEL = 'argo-ts.io/copied-from';

const def = (plural: string): ResourceDef => RESOURCES.find((r) => r.plural === plural && r.group === '')!;
const COPIED: Array<{ def: ResourceDef; name: string }> = [
  { def: def('secrets'), name: D.secretName },
  { def: def('configmaps'), name: D.configMap },
];
const WRITE = { dryRun: false, fieldValidation: 'Ignore' as const };

export class ArtifactRepositoryCopier {
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  onError: (err: unknown) => void = () => {};

  constructor(private readonly ctx: ApiContext) {}

  async start(): Promise<void> {
    this.unsubscribe = this.ctx.store.onEvent((ev) => this.enqueue(ev));
    for (const ns of this.ctx.store.list(NAMESPACES.key)) await this.copyInto(ns.metadata.name!);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(ev: StoreEvent): void {
    let work: (() => Promise<void>) | undefined;
    if (ev.res === NAMESPACES.key && ev.type === 'ADDED') work = () => this.copyInto(ev.object.metadata.name!);
    const source = ev.object.metadata.namespace === SOURCE_NAMESPACE && ev.type !== 'DELETED'
      && COPIED.some((c) => c.def.key === ev.res && c.name === ev.object.metadata.name);
    if (source) work = () => this.propagate();
    if (work) this.chain = this.chain.then(work).catch((err) => this.onError(err));
  }

  private async propagate(): Promise<void> {
    for (const ns of this.ctx.store.list(NAMESPACES.key)) await this.copyInto(ns.metadata.name!);
  }

  private async copyInto(namespace: string): Promise<void> {
    if (namespace === SOURCE_NAMESPACE) return;
    const ns = this.ctx.store.get(NAMESPACES.key, undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    for (const { def: d, name } of COPIED) {
      const original = this.ctx.store.get(d.key, SOURCE_NAMESPACE, name);
      if (!original) continue;
      const existing = this.ctx.store.get(d.key, namespace, name);
      if (existing && existing.metadata.labels?.[COPIED_FROM_LABEL] !== SOURCE_NAMESPACE) continue; // the user's own
      const body = copyOf(original, namespace);
      if (!existing) await createObject(this.ctx, d, body, namespace, WRITE);
      else if (JSON.stringify(payload(existing)) !== JSON.stringify(payload(original))) {
        await updateObject(this.ctx, d, existing, { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata.resourceVersion } }, WRITE);
      }
    }
  }
}

function payload(o: KubeObject): unknown {
  const { data, stringData, type, binaryData } = o as KubeObject & Record<string, unknown>;
  return { data, stringData, type, binaryData, annotations: o.metadata.annotations };
}

function copyOf(original: KubeObject, namespace: string): KubeObject {
  const { metadata, ...rest } = original;
  return {
    ...structuredClone(rest),
    metadata: {
      name: metadata.name, namespace,
      labels: { ...metadata.labels, [COPIED_FROM_LABEL]: SOURCE_NAMESPACE },
      ...(metadata.annotations ? { annotations: { ...metadata.annotations } } : {}),
    },
  } as KubeObject;
}
