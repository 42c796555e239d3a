/** @argo-ts/executor — module docs to come. */
export const packageName = '@argo-ts/executor';
