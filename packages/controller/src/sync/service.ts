/**
 * The lock manager wired to the cluster: semaphore limits come from the
 * ConfigMap informer's cache (so a changed limit takes effect and wakes
 * waiters as the change arrives), with a direct read for a ConfigMap the
 * informer has not delivered yet; the manager is rebuilt from the workflow
 * cache before the first reconcile and forgets a workflow once it is
 * deleted or completed.
 */
import { isWorkflowCompleted } from '@argo-ts/spec';
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { KubeApi, KubeObject } from '../kube/api.js';
import { isCode } from '../kube/errors.js';
import { keyOf } from '../kube/listwatch.js';
import { Resources } from '../kube/resources.js';
import type { OperateContext } from '../operator/types.js';
import type { Workflow } from '../operator/model.js';
import { limitFromConfigMap, type LockName } from '../operator/sync-keys.js';
import type { LockIntent, LockView } from '../operator/types.js';
import { LockManager } from './manager.js';


export interface LockServiceOptions {
  api: KubeApi;
  /** The ConfigMap informer's cache, by `ns/name`. */
  configMaps: Map<string, V1ConfigMap & KubeObject>;
  wake: (workflow: string) => void;
  log?: (m: string) => void;
  /** How long a direct read of a ConfigMap missing from the cache is trusted. */
  fetchTtlMs?: number;
  now?: () => number;
}

/** ConfigMaps (`ns/name`) that semaphores anywhere in these specs name. */
export function semaphoreConfigMaps(specs: unknown[], namespace: string): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown, key: string): void => {
    if (Array.isArray(v)) {
      for (const x of v) {
        const s = x as { configMapKeyRef?: { name?: unknown }; namespace?: unknown } | null;
        if (key === 'semaphores' && typeof s?.configMapKeyRef?.name === 'string' && !s.configMapKeyRef.name.includes('{{')) {
          out.add(`${typeof s.namespace === 'string' && s.namespace ? s.namespace : namespace}/${s.configMapKeyRef.name}`);
        }
        visit(x, key);
      }
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const s of specs) visit(s, '');
  return out;
}

export class LockService {
  readonly manager: LockManager;
  private readonly fetched = new Map<string, { at: number; cm: V1ConfigMap | undefined }>();

  constructor(private readonly o: LockServiceOptions) {
    this.manager = new LockManager({ limit: (l) => this.limit(l), wake: o.wake, ...(o.log ? { log: o.log } : {}) });
  }

  private limit(l: LockName): ReturnType<typeof limitFromConfigMap> {
    const key = `${l.namespace}/${l.name}`;
    return limitFromConfigMap(l, this.o.configMaps.get(key) ?? this.fetched.get(key)?.cm);
  }

  /** Reads the semaphore ConfigMaps this workflow names that the informer has not delivered (yet). */
  async prepare(wf: Workflow, ctx: OperateContext): Promise<void> {
    const specs: unknown[] = [wf.spec, ...[...ctx.workflowTemplates.values(), ...ctx.clusterWorkflowTemplates.values()].map((t) => t.spec)];
    const now = (this.o.now ?? Date.now)();
    const ttl = this.o.fetchTtlMs ?? 5000;
    const missing = [...semaphoreConfigMaps(specs, wf.metadata.namespace ?? 'default')]
      .filter((k) => !this.o.configMaps.has(k) && !(now - (this.fetched.get(k)?.at ?? -Infinity) < ttl));
    await Promise.all(missing.map(async (k) => {
      const [ns, name] = k.split('/') as [string, string];
      let cm: V1ConfigMap | undefined;
      try {
        cm = await this.o.api.get<V1ConfigMap & KubeObject>(Resources.configMaps, ns, name);
      } catch (e) {
        if (!isCode(e, 'NotFound')) throw e;
      }
      this.fetched.set(k, { at: now, cm });
    }));
  }

  session(): LockView {
    return this.manager.session();
  }

  apply(intents: readonly LockIntent[]): void {
    this.manager.apply(intents);
  }

  rebuild(workflows: Iterable<Workflow>): void {
    this.manager.rebuild(workflows);
  }

  /** Workflow informer events: a deleted or completed workflow holds and waits for nothing. */
  onWorkflow(event: string, wf: Workflow & KubeObject): void {
    if (event === 'delete' || isWorkflowCompleted(wf.status?.phase ?? '')) this.manager.releaseWorkflow(keyOf(wf));
  }

  onConfigMap(cm: V1ConfigMap & KubeObject): void {
    const key = keyOf(cm);
    this.fetched.delete(key);
    this.manager.configMapChanged(cm.metadata?.namespace ?? 'default', cm.metadata?.name ?? '');
  }
}
