/**
 * The garbage collector: reacts to durable store events. When an owner is
 * removed, dependents whose owners are all gone are deleted (background) and
 * dangling references are dropped from the rest. An owner in foreground
 * deletion has its dependents deleted and loses its `foregroundDeletion`
 * finalizer once none remain. Work is serialised on one promise chain.
 */
import type { KubeObject, OwnerReference, StoreEvent } from '../store/types.js';
import type { ApiContext } from './context.js';
import { deleteObject, FOREGROUND_FINALIZER } from './delete.js';
import { byKind, RESOURCES, type ResourceDef } from './registry.js';

export class GarbageCollector {
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  /** Errors are reported here instead of being thrown into the event loop. */
  onError: (err: unknown) => void = () => {};

  constructor(private readonly ctx: ApiContext) {
    this.unsubscribe = ctx.store.onEvent((ev) => this.enqueue(ev));
  }

  private enqueue(ev: StoreEvent): void {
    const relevant =
      ev.type === 'DELETED' ||
      (ev.object.metadata.deletionTimestamp !== undefined && (ev.object.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER));
    if (!relevant) return;
    this.chain = this.chain.then(() => this.handle(ev)).catch((err) => this.onError(err));
  }

  /** Resolves when all queued collection work is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.unsubscribe();
  }

  private defOf(res: string): ResourceDef | undefined {
    return RESOURCES.find((r) => r.key === res);
  }

  private ownerExists(ref: OwnerReference, namespace: string | undefined): boolean {
    const def = byKind(ref.apiVersion, ref.kind);
    if (!def) return false;
    const owner = this.ctx.store.get(def.key, def.namespaced ? namespace : undefined, ref.name);
    return owner !== undefined && owner.metadata.uid === ref.uid;
  }

  private async handle(ev: StoreEvent): Promise<void> {
    const uid = ev.object.metadata.uid!;
    if (ev.type === 'DELETED') {
      await this.collectDependents(uid);
      await this.releaseForegroundOwners(ev.object);
    } else {
      await this.startForeground(ev.res, ev.object);
    }
  }

  private async collectDependents(uid: string): Promise<void> {
    for (const dep of this.ctx.store.dependents(uid)) {
      const def = this.defOf(dep.res);
      // Earlier iterations awaited writes: re-read so we never act on a stale copy.
      const object = def && this.ctx.store.get(def.key, dep.object.metadata.namespace, dep.object.metadata.name!);
      if (!def || !object || object.metadata.uid !== dep.object.metadata.uid) continue;
      const remaining = (object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid && this.ownerExists(r, object.metadata.namespace));
      if (remaining.length > 0) {
        const next = structuredClone(object);
        next.metadata.ownerReferences = remaining;
        await this.ctx.store.put(def.key, next).durable;
      } else if (!object.metadata.deletionTimestamp) {
        await deleteObject(this.ctx, def, object, { propagationPolicy: 'Background', dryRun: false });
      }
    }
  }

  private async startForeground(res: string, owner: KubeObject): Promise<void> {
    const dependents = this.ctx.store.dependents(owner.metadata.uid!);
    for (const dep of dependents) {
      const def = this.defOf(dep.res);
      const object = def && this.ctx.store.get(def.key, dep.object.metadata.namespace, dep.object.metadata.name!);
      if (def && object && !object.metadata.deletionTimestamp) await deleteObject(this.ctx, def, object, { propagationPolicy: 'Foreground', dryRun: false });
    }
    await this.maybeFinishForeground(res, owner.metadata.namespace, owner.metadata.name!);
  }

  /** A removed dependent may have been the last thing an owner in foreground deletion waited for. */
  private async releaseForegroundOwners(dependent: KubeObject): Promise<void> {
    for (const ref of dependent.metadata.ownerReferences ?? []) {
      const def = byKind(ref.apiVersion, ref.kind);
      if (def) await this.maybeFinishForeground(def.key, def.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    }
  }

  private async maybeFinishForeground(res: string, namespace: string | undefined, name: string): Promise<void> {
    const owner = this.ctx.store.get(res, namespace, name);
    if (!owner?.metadata.deletionTimestamp || !(owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return;
    if (this.ctx.store.dependents(owner.metadata.uid!).length > 0) return;
    const finalizers = owner.metadata.finalizers!.filter((f) => f !== FOREGROUND_FINALIZER);
    if (finalizers.length > 0) {
      const next = structuredClone(owner);
      next.metadata.finalizers = finalizers;
      await this.ctx.store.put(res, next).durable;
    } else {
      await this.ctx.store.remove(res, owner).durable;
    }
  }
}
