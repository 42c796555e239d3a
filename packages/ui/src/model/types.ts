/**
 * The shapes the UI reads, taken from @argo-ts/spec's zod-inferred types
 * (type-only imports: nothing of spec is bundled).
 */
import type { NodeStatus, Workflow, WorkflowTemplate, Artifact, Parameter } from '@argo-ts/spec';

export type { NodeStatus, Workflow, WorkflowTemplate, Artifact, Parameter };
export type NodeMap = Record<string, NodeStatus>;

/** One message of a watch stream, as grpc-gateway wraps it in `{"result": …}`. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | string;
  object: T;
}
