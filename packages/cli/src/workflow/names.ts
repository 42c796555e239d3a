/**
 * Pod names of a workflow's nodes (spec's, by @argo-ts/lang's rule; shared
 * with the Argo Server); the node table and the retry/resubmit actions both
 * take it from here, so neither imports the other.
 */
export { podNameOf } from '@argo-ts/spec';
