/** @argo-ts/local — module docs to come. */
export const packageName = '@argo-ts/local';
export * from './apiserver/index.js';
export * from './daemon/index.js';
export * from './kubelet/index.js';
export * from './s3/index.js';
export { localImages, localImagesPrune, type CachedImage } from './images/commands.js';
export { IMAGE_MODES, type ImageMode } from './images/puller.js';
export { memoryMechanism, type MemoryMechanism } from './sandbox/memory.js';
