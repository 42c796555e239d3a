/**
 * What Kubernetes controllers do right after a namespace appears, done the
 * way they do it: by watching, not from inside the write. The service account
 * controller's `default` ServiceAccount, and the local cluster's bootstrap
 * RoleBindings for it (auth/policy.ts). It reacts to durable store events,
 * and resyncs every namespace when started (bindings that drifted come back,
 * as at every start before). Work is serialised on one promise chain;
 * `idle()` lets the HTTP layer answer a create only once its reactions ran,
 * so a client that created a namespace can use its `default` account at once.
 */
import type { KubeObject, StoreEvent } from '../../store/types.js';
import { ensureNamespaceBindings } from '../auth/policy.js';
import type { ApiContext } from '../context.js';
import { createObject } from '../objects.js';
import { NAMESPACES, RESOURCES } from '../registry.js';

const SERVICE_ACCOUNTS = RESOURCES.find((r) => r.plural === 'serviceaccounts' && r.group === '')!;

export class NamespaceBootstrap {
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  /** Errors are reported here instead of being thrown into the event loop. */
  onError: (err: unknown) => void = () => {};

  constructor(private readonly ctx: ApiContext) {}

  /** Reconciles every namespace there is, then follows new ones. */
  async start(): Promise<void> {
    this.unsubscribe = this.ctx.store.onEvent((ev) => this.enqueue(ev));
    for (const ns of this.ctx.store.list(NAMESPACES.key)) await this.reconcile(ns);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Resolves when every event seen so far has been reacted to. */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(ev: StoreEvent): void {
    if (ev.res !== NAMESPACES.key || ev.type !== 'ADDED') return;
    this.chain = this.chain.then(() => this.reconcile(ev.object)).catch((err) => this.onError(err));
  }

  private async reconcile(ns: KubeObject): Promise<void> {
    const name = ns.metadata.name!;
    // Gone again, or on its way out: nothing new may be created in it.
    const current = this.ctx.store.get(NAMESPACES.key, undefined, name);
    if (!current || current.metadata.deletionTimestamp) return;
    if (!this.ctx.store.get(SERVICE_ACCOUNTS.key, name, 'default')) {
      await createObject(this.ctx, SERVICE_ACCOUNTS, { metadata: { name: 'default' } }, name, { dryRun: false, fieldValidation: 'Ignore' });
    }
    await ensureNamespaceBindings(this.ctx, name);
  }
}
