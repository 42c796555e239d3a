/**
 * A minimal Deployment controller, so the install manifests (`kubectl apply
 * -k manifests/...`) run here as they do on Kubernetes: each Deployment keeps
 * `spec.replicas` pods made from its template, labelled with
 * `pod-template-hash` and owned by the Deployment (the garbage collector
 * removes them with it). A changed template replaces every pod at once
 * (Recreate; no ReplicaSets, no rolling surge). Pods that ended are replaced.
 * Like namespace-bootstrap.ts it reacts to store events on one promise chain.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, StoreEvent } from '../../store/types.js';
import type { ApiContext } from '../context.js';
import { deleteObject } from '../delete.js';
import { createObject, updateObject } from '../objects.js';
import { RESOURCES, type ResourceDef } from '../registry.js';

const DEPLOYMENTS = RESOURCES.find((r) => r.group === 'apps' && r.plural === 'deployments')!;
const PODS = RESOURCES.find((r) => r.group === '' && r.plural === 'pods')!;
const HASH_LABEL = 'pod-template-hash';
/** A pod that keeps ending (a bad image, a crash at start) is replaced at most this often, not in a hot loop. */
export const REPLACE_ENDED_AFTER_MS = 10_000;

interface PodTemplate { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown }

export class DeploymentController {
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  /** `ns/name` → when an ended pod of it was last replaced, and the timer that retries. */
  private readonly replaced = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  onError: (err: unknown) => void = () => {};

  constructor(private readonly ctx: ApiContext) {}

  async start(): Promise<void> {
    this.unsubscribe = this.ctx.store.onEvent((ev) => this.enqueue(ev));
    for (const d of this.ctx.store.list(DEPLOYMENTS.key)) await this.reconcile(d.metadata.namespace!, d.metadata.name!);
  }

  stop(): void {
    this.unsubscribe?.();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Resolves once every event seen so far, and those its own writes caused, has been reacted to. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private enqueue(ev: StoreEvent): void {
    let target: [string, string] | undefined;
    if (ev.res === DEPLOYMENTS.key && ev.type !== 'DELETED') target = [ev.object.metadata.namespace!, ev.object.metadata.name!];
    else if (ev.res === PODS.key) {
      const owner = ev.object.metadata.ownerReferences?.find((o) => o.kind === 'Deployment' && o.apiVersion === 'apps/v1' && o.controller);
      if (owner) target = [ev.object.metadata.namespace!, owner.name];
    }
    if (!target) return;
    this.schedule(target[0], target[1]);
  }

  private schedule(ns: string, name: string): void {
    this.chain = this.chain.then(() => this.reconcile(ns, name)).catch((err) => this.onError(err));
  }

  private async reconcile(ns: string, name: string): Promise<void> {
    const d = this.ctx.store.get(DEPLOYMENTS.key, ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const spec = (d.spec ?? {}) as { replicas?: number; template?: PodTemplate };
    const replicas = spec.replicas ?? 1;
    const template = spec.template ?? {};
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    const owned = () => this.ctx.store.list(PODS.key, ns)
      .filter((p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid && o.controller));
    const live = owned();
    const ended = (p: KubeObject) => ['Succeeded', 'Failed'].includes((p.status as { phase?: string } | undefined)?.phase ?? '');
    const key = `${ns}/${name}`;
    const now = this.ctx.now().getTime();
    const last = this.replaced.get(key);
    const mayReplaceEnded = last === undefined || now - last >= REPLACE_ENDED_AFTER_MS;
    if (live.some(ended)) {
      if (mayReplaceEnded) this.replaced.set(key, now);
      else if (!this.timers.has(key)) {
        this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.schedule(ns, name); }, REPLACE_ENDED_AFTER_MS - (now - last!)));
      }
    }
    const stale = live.filter((p) => p.metadata.labels?.[HASH_LABEL] !== hash || (ended(p) && mayReplaceEnded));
    const current = live.filter((p) => !stale.includes(p));
    const surplus = current.slice(replicas);
    for (const p of [...stale, ...surplus]) await this.remove(PODS, p);
    for (let i = current.length; i < replicas; i++) {
      const body = {
        metadata: {
          generateName: `${name}-${hash}-`,
          labels: { ...template.metadata?.labels, [HASH_LABEL]: hash },
          ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: template.spec,
      };
      await createObject(this.ctx, PODS, body, ns, { dryRun: false, fieldValidation: 'Ignore' });
    }
    await this.writeStatus(d, owned(), replicas);
  }

  private async remove(def: ResourceDef, obj: KubeObject): Promise<void> {
    await deleteObject(this.ctx, def, obj, { propagationPolicy: 'Background', dryRun: false }).catch((e: { code?: string }) => {
      if (e?.code !== 'NotFound') throw e;
    });
  }

  private async writeStatus(d: KubeObject, kept: KubeObject[], replicas: number): Promise<void> {
    const ready = kept.filter((p) => ((p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [])
      .some((c) => c.type === 'Ready' && c.status === 'True')).length;
    const status = {
      observedGeneration: d.metadata.generation, replicas: kept.length, updatedReplicas: kept.length,
      readyReplicas: ready, availableReplicas: ready, unavailableReplicas: Math.max(0, replicas - ready),
    };
    if (JSON.stringify(d.status) === JSON.stringify(status)) return;
    const fresh = this.ctx.store.get(DEPLOYMENTS.key, d.metadata.namespace, d.metadata.name!);
    if (!fresh) return;
    await updateObject(this.ctx, DEPLOYMENTS, fresh, { ...fresh, status }, { subresource: 'status', dryRun: false, fieldValidation: 'Ignore' });
  }
}
