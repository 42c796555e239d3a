/**
 * The local cluster's Kubernetes-compatible API server: discovery, OpenAPI
 * for kubectl, CRUD/patch/watch for Argo's kinds and the core kinds the
 * controller and kubelet use, persisted under a state directory.
 */
export { startApiServer, type ApiServer, type ApiServerOptions } from './server.js';
export type { ValidationLevel } from './validate.js';
export type { PodLogSource, PodLogOptions } from './logs.js';
export type { PodDeletionMode } from './context.js';
export { RESOURCES, type ResourceDef } from './registry.js';
export { Store, type StoreOptions } from '../store/store.js';
export type { SyncFile, WriteFile } from '../store/wal.js';
export { ApiError, type ApiErrorCode } from '../store/errors.js';
export type { KubeObject, StoreEvent } from '../store/types.js';
export { mergePatch } from './patch/merge.js';
export { jsonPatch } from './patch/json.js';
