/** @argo-ts/spec — module docs to come. */
export const packageName = '@argo-ts/spec';
