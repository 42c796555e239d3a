/** Shapes shared by the store and the API server. */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/** Any Kubernetes object. The store treats the body as opaque JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change. `res` is the resource key (`group/plural`, core group as `core`). */
export interface StoreEvent {
  type: WatchEventType;
  res: string;
  rv: number;
  object: KubeObject;
  /** The object before the change (MODIFIED/DELETED); lets watchers see selector transitions. */
  previous?: KubeObject;
  /** `object` as JSON, shared by the log and every watcher. */
  json?: string;
}

export function resourceKey(group: string, plural: string): string {
  return `${group || 'core'}/${plural}`;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
