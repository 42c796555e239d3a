/**
 * The Argo object shapes the operator reads and writes: the `@argo-ts/spec`
 * zod types, plus the few sub-shapes the operator names on its own.
 */
import type {
  Artifact, ArtifactRepository, DAGTask, Inputs, NodeStatus, Outputs, Parameter, Template, Workflow, WorkflowStatus,
  WorkflowStep, WorkflowTaskResult, WorkflowTemplate, HTTP, NodeResult,
} from '@argo-ts/spec';

export type {
  Artifact, ArtifactRepository, DAGTask, Inputs, NodeStatus, Outputs, Parameter, Template, Workflow, WorkflowStatus,
  WorkflowStep, WorkflowTaskResult, WorkflowTemplate, HTTP, NodeResult,
};
export type ClusterWorkflowTemplate = WorkflowTemplate;
export type WorkflowSpec = Workflow['spec'];
export type TemplateRef = NonNullable<WorkflowStep['templateRef']>;
export type LifecycleHook = NonNullable<WorkflowStep['hooks']>[string];
export type Sequence = NonNullable<WorkflowStep['withSequence']>;
export type RetryStrategy = NonNullable<Template['retryStrategy']>;
/** A loop item: anything YAML or JSON can hold. */
export type LoopItem = unknown;
export interface Arguments { parameters?: Parameter[]; artifacts?: Artifact[] }

/** The container fields the pod builder reads (the rest pass through to Kubernetes). */
export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Record<string, unknown>[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  workingDir?: string;
  [field: string]: unknown;
}
