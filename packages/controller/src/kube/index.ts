/** The controller's Kubernetes layer: API client, informers, work queue, reconcile loop, leader election, metrics. */
export { startController, type StartControllerOptions, type RunningController } from './controller.js';
export type { KubeApi, KubeObject, ObjectList, WatchEventType, PatchType } from './api.js';
export { RestKubeApi } from './rest.js';
export { KubeApiError, type KubeErrorCode } from './errors.js';
export { parseControllerConfig, ConfigError, type ControllerConfig } from './config.js';
export { Resources, pathFor, type ResourceRef } from './resources.js';
