/** @argo-ts/controller — module docs to come. */
export const packageName = '@argo-ts/controller';
export * from './operator/types.js';
export type * from './operator/model.js';
export * from './template/index.js';
export { operate, operateInPlace } from './operator/operate.js';
export { readOutputs, assessPod } from './operator/pod-status.js';
export { nodeId, podName, fnv32a } from '@argo-ts/lang';
export * from './pod/index.js';
export * from './kube/index.js';
