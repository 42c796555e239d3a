/** @argo-ts/controller — module docs to come. */
export const packageName = '@argo-ts/controller';
export * from './operator/types.js';
export type * from './operator/model.js';
export * from './template/index.js';
