/**
 * The Argo object shapes the operator reads and writes. These are minimal
 * local aliases kept structurally compatible with `@argo-ts/spec`'s zod types
 * (which are being written in parallel); when those land, this file becomes
 * re-exports and nothing else in the operator changes.
 */

export interface Parameter {
  name: string;
  value?: string;
  default?: string;
  enum?: string[];
  globalName?: string;
  description?: string;
  valueFrom?: {
    path?: string;
    default?: string;
    expression?: string;
    parameter?: string;
    supplied?: Record<string, never>;
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
    jsonPath?: string;
    jqFilter?: string;
    event?: string;
  };
}

export interface Artifact {
  name: string;
  path?: string;
  from?: string;
  fromExpression?: string;
  optional?: boolean;
  globalName?: string;
  mode?: number;
  archive?: Record<string, unknown>;
  subPath?: string;
  s3?: Record<string, unknown>;
  [location: string]: unknown;
}

export interface Inputs { parameters?: Parameter[]; artifacts?: Artifact[] }
export interface Outputs { parameters?: Parameter[]; artifacts?: Artifact[]; result?: string; exitCode?: string }
export interface Arguments { parameters?: Parameter[]; artifacts?: Artifact[] }

export interface TemplateRef { name: string; template: string; clusterScope?: boolean }

export interface Item { [k: string]: unknown }
export type LoopItem = string | number | boolean | null | Item | unknown[];

export interface Sequence { start?: string | number; end?: string | number; count?: string | number; format?: string }

export interface ContinueOn { failed?: boolean; error?: boolean }

export interface LifecycleHook { template?: string; templateRef?: TemplateRef; arguments?: Arguments; expression?: string }

export interface WorkflowStep {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  when?: string;
  withItems?: LoopItem[];
  withParam?: string;
  withSequence?: Sequence;
  continueOn?: ContinueOn;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}

export interface DAGTask extends WorkflowStep {
  dependencies?: string[];
  depends?: string;
}

export interface RetryStrategy {
  limit?: number | string;
  retryPolicy?: 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError' | string;
  backoff?: { duration?: string | number; factor?: number | string; maxDuration?: string | number; cap?: string | number };
  expression?: string;
  affinity?: Record<string, unknown>;
}

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

export interface ScriptTemplate extends Container { source: string }

export interface Template {
  name?: string;
  inputs?: Inputs;
  outputs?: Outputs;
  container?: Container;
  script?: ScriptTemplate;
  steps?: WorkflowStep[][];
  dag?: { target?: string; tasks: DAGTask[]; failFast?: boolean };
  suspend?: { duration?: string | number };
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
  http?: Record<string, unknown>;
  containerSet?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
  retryStrategy?: RetryStrategy;
  activeDeadlineSeconds?: number | string;
  timeout?: string;
  parallelism?: number;
  failFast?: boolean;
  daemon?: boolean;
  sidecars?: Container[];
  initContainers?: Container[];
  volumes?: Record<string, unknown>[];
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  serviceAccountName?: string;
  podSpecPatch?: string;
  archiveLocation?: Record<string, unknown>;
  memoize?: Record<string, unknown>;
  synchronization?: Record<string, unknown>;
  hooks?: Record<string, LifecycleHook>;
  priorityClassName?: string;
  schedulerName?: string;
  hostAliases?: unknown[];
  automountServiceAccountToken?: boolean;
  [field: string]: unknown;
}

export interface WorkflowSpec {
  entrypoint?: string;
  templates?: Template[];
  arguments?: Arguments;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  templateDefaults?: Template;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  shutdown?: 'Stop' | 'Terminate' | string;
  suspend?: boolean;
  serviceAccountName?: string;
  volumes?: Record<string, unknown>[];
  volumeClaimTemplates?: Record<string, unknown>[];
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  podGC?: { strategy?: string; labelSelector?: unknown; deleteDelayDuration?: string };
  podSpecPatch?: string;
  podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  artifactRepositoryRef?: { configMap?: string; key?: string };
  failFast?: boolean;
  imagePullSecrets?: unknown[];
  hostNetwork?: boolean;
  dnsPolicy?: string;
  priorityClassName?: string;
  schedulerName?: string;
  automountServiceAccountToken?: boolean;
  [field: string]: unknown;
}

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: string;
  phase: string;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  children?: string[];
  outboundNodes?: string[];
  inputs?: Inputs;
  outputs?: Outputs;
  progress?: string;
  hostNodeName?: string;
  podIP?: string;
  daemoned?: boolean;
  memoizationStatus?: { hit: boolean; key: string; cacheName: string };
  [field: string]: unknown;
}

export interface WorkflowStatus {
  phase?: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  progress?: string;
  nodes?: Record<string, NodeStatus>;
  outputs?: Outputs;
  storedTemplates?: Record<string, Template>;
  persistentVolumeClaims?: Record<string, unknown>[];
  conditions?: { type: string; status: string; message?: string }[];
  estimatedDuration?: number;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  [field: string]: unknown;
}

export interface Workflow {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate { apiVersion?: string; kind?: string; metadata: ObjectMeta; spec: WorkflowSpec }
export type ClusterWorkflowTemplate = WorkflowTemplate;

export interface WorkflowTaskResult {
  metadata: ObjectMeta;
  outputs?: Outputs;
  phase?: string;
  message?: string;
  progress?: string;
}

/** Where output artifacts of a pod go and where `from` artifacts are read. */
export interface ArtifactRepository {
  archiveLogs?: boolean;
  s3?: Record<string, unknown> & { keyFormat?: string };
  [driver: string]: unknown;
}
