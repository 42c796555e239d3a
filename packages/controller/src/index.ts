/** @argo-ts/controller — module docs to come. */
export const packageName = '@argo-ts/controller';
