/** @argo-ts/cli — module docs to come. */
export const packageName = '@argo-ts/cli';
