/**
 * The slice of the Kubernetes API the controller uses, as an interface so the
 * reconcile loop runs the same against a real cluster (`RestKubeApi`), the
 * embedded local API server, or the in-memory fake used by tests. Objects are
 * plain JSON as on the wire (timestamps are strings).
 */
import type { ResourceRef } from './resources.js';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string; namespace?: string; uid?: string; resourceVersion?: string; generateName?: string;
    labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface ObjectList<T = KubeObject> {
  items: T[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
}

export interface WatchOptions extends ListOptions {
  resourceVersion: string;
  timeoutSeconds?: number;
}

export type { PatchType } from '@argo-ts/spec/kube';
import type { PatchType } from '@argo-ts/spec/kube';

export interface KubeApi {
  list<T extends KubeObject>(r: ResourceRef, opts?: ListOptions): Promise<ObjectList<T>>;
  /**
   * Streams events until the server ends the watch (resolves) or it fails
   * (rejects; an ERROR event with a Status of code 410 rejects with Gone).
   */
  watch<T extends KubeObject>(r: ResourceRef, opts: WatchOptions, onEvent: (type: WatchEventType, obj: T) => void, signal: AbortSignal): Promise<void>;
  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  create<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, obj: T): Promise<T>;
  /** PUT; `subresource: 'status'` writes only the status. Fails with Conflict on a stale resourceVersion. */
  replace<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, obj: T, subresource?: 'status'): Promise<T>;
  patch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, patch: unknown, type: PatchType): Promise<T>;
  delete(r: ResourceRef, namespace: string | undefined, name: string): Promise<void>;
}
