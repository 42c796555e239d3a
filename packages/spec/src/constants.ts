/**
 * Names shared by the controller, the executor and the local kubelet. The pod
 * contract (docs/contract.md) is expressed only through these: the controller
 * and the executor never import each other.
 */

export const GROUP = 'argoproj.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** Labels (set by the controller, used to find objects again). */
export const Labels = {
  workflow: 'workflows.argoproj.io/workflow',
  completed: 'workflows.argoproj.io/completed',
  phase: 'workflows.argoproj.io/phase',
  controllerInstanceId: 'workflows.argoproj.io/controller-instanceid',
  workflowTemplate: 'workflows.argoproj.io/workflow-template',
  clusterWorkflowTemplate: 'workflows.argoproj.io/cluster-workflow-template',
  cronWorkflow: 'workflows.argoproj.io/cron-workflow',
  /** On a CronWorkflow whose stopStrategy held: it schedules no more. */
  cronWorkflowCompleted: 'workflows.argoproj.io/cron-workflow-completed',
  creator: 'workflows.argoproj.io/creator',
  creatorEmail: 'workflows.argoproj.io/creator-email',
  creatorPreferredUsername: 'workflows.argoproj.io/creator-preferred-username',
  /** On a WorkflowTaskResult: the executor finished reporting. */
  reportOutputsCompleted: 'workflows.argoproj.io/report-outputs-completed',
  /** Examples use this to keep a workflow out of Argo's example test. */
  noTest: 'workflows.argoproj.io/no-test',
} as const;

/** Annotations on workflow pods. */
export const Annotations = {
  nodeId: 'workflows.argoproj.io/node-id',
  nodeName: 'workflows.argoproj.io/node-name',
  /** JSON of the Outputs object the executor recorded (annotation reporter). */
  outputs: 'workflows.argoproj.io/outputs',
  /** JSON of the resolved template; mirrors ARGO_TEMPLATE for tools that read the pod. */
  template: 'workflows.argoproj.io/template',
  /** Set by the controller to ask the executor to stop or terminate the main container. */
  execution: 'workflows.argoproj.io/execution',
  podNameFormat: 'workflows.argoproj.io/pod-name-format',
} as const;

/** Annotations on CronWorkflows and the Workflows they create. */
export const CronAnnotations = {
  /** On a Workflow: the scheduled time it runs for (RFC 3339 in the schedule's zone); read as `workflow.scheduledTime`. */
  scheduledTime: 'workflows.argoproj.io/scheduled-time',
  /** On a CronWorkflow: the schedules (with zone) of its last run, so an edit is not taken for missed runs. */
  lastUsedSchedule: 'cronworkflows.argoproj.io/last-used-schedule',
} as const;

/** Environment variables the controller sets on executor containers (init, wait, main). */
export const Env = {
  podName: 'ARGO_POD_NAME',
  podUid: 'ARGO_POD_UID',
  namespace: 'ARGO_NAMESPACE',
  nodeId: 'ARGO_NODE_ID',
  workflowName: 'ARGO_WORKFLOW_NAME',
  workflowUid: 'ARGO_WORKFLOW_UID',
  containerName: 'ARGO_CONTAINER_NAME',
  /** JSON of the fully resolved template (inputs with concrete artifact locations, archiveLocation set). */
  template: 'ARGO_TEMPLATE',
  includeScriptOutput: 'ARGO_INCLUDE_SCRIPT_OUTPUT',
  deadline: 'ARGO_DEADLINE',
  progressFile: 'ARGO_PROGRESS_FILE',
  /** 'annotation' | 'taskresult': which outputs reporter the executor uses. */
  outputsReporter: 'ARGO_OUTPUTS_REPORTER',
  /** Number of the retry attempt, for information only. */
  retryAttempt: 'ARGO_RETRY_ATTEMPT',
  /** containerSet container: the names of the containers it waits for, comma-separated (read by the emissary). */
  dependencies: 'ARGO_DEPENDENCIES',
  /** containerSet.retryStrategy.retries: how often the emissary re-runs a failed command in place. */
  containerRetries: 'ARGO_CONTAINER_RETRIES',
  /** containerSet.retryStrategy.duration in seconds (decimal): the emissary's pause between those runs. */
  containerRetryDelay: 'ARGO_CONTAINER_RETRY_DELAY',
  /** "true" on a sidecar: its emissary copies no outputs and stops its command when wait writes `ctr/<name>/signal`. */
  sidecar: 'ARGO_SIDECAR',
  /** The pod's terminationGracePeriodSeconds: how long a stopped sidecar's command gets before SIGKILL. */
  terminationGracePeriodSeconds: 'ARGO_TERMINATION_GRACE_PERIOD_SECONDS',
} as const;

/**
 * A template too large for an environment variable (execve refuses strings
 * over 128 KiB) is offloaded as Argo does: into a ConfigMap named after the
 * pod, mounted at `mountPath`, with ARGO_TEMPLATE set to `sentinel`.
 */
export const TemplateOffload = {
  /** The kernel's MAX_ARG_STRLEN for one `NAME=value` string with its NUL (Argo's MaxEnvVarLen). */
  maxEnvBytes: 131072,
  sentinel: 'offloaded',
  volumeName: 'argo-env-config',
  mountPath: '/argo/config',
  /** The ConfigMap key and the file name under mountPath. */
  key: 'ARGO_TEMPLATE',
} as const;

/** Well-known container names in a workflow pod. */
export const Containers = {
  init: 'init',
  wait: 'wait',
  main: 'main',
} as const;

/** Volume names and mount paths of the pod contract. */
export const Volumes = {
  varRunArgo: { name: 'var-run-argo', mountPath: '/var/run/argo' },
  staging: { name: 'argo-staging', mountPath: '/argo/staging' },
  inputArtifacts: { name: 'input-artifacts', mountPath: '/argo/inputs/artifacts' },
  /** The wait container sees user volumes of the main container mirrored under this prefix. */
  mainCtrFs: { mountPath: '/mainctrfs' },
} as const;

/** Files inside /var/run/argo (the var-run-argo volume). */
export const Paths = {
  varRunArgo: '/var/run/argo',
  /** The emissary: a POSIX sh script written by `argoexec init`; needs only /bin/sh in the image. */
  emissary: '/var/run/argo/emissary.sh',
  /** A directory: one file per declared output path (`<index>`, the path as is), written by `argoexec init` for the emissary to copy. */
  outputPathsList: '/var/run/argo/output-paths',
  /** Per container: `${ctrDir}/<container>/{exitcode,stdout,stderr,combined}`. */
  ctrDir: '/var/run/argo/ctr',
  /** Copies of declared output paths made by the emissary: `${outputsDir}/<index>` (index in output-paths). */
  outputsDir: '/var/run/argo/outputs',
  /** Script source staged by init; main runs `command + [scriptFile]`. */
  scriptFile: '/argo/staging/script',
  inputArtifacts: '/argo/inputs/artifacts',
  mainCtrFs: '/mainctrfs',
} as const;

export const DEFAULT_EXECUTOR_IMAGE = 'argo-ts/argoexec:latest';
export const EXECUTOR_BINARY = 'argoexec';

/** `outputs.result` is capped as Argo caps it. */
export const MAX_RESULT_BYTES = 256 * 1024;

export const NODE_PHASES = ['Pending', 'Running', 'Succeeded', 'Skipped', 'Failed', 'Error', 'Omitted'] as const;
export type NodePhase = (typeof NODE_PHASES)[number];

export const WORKFLOW_PHASES = ['', 'Pending', 'Running', 'Succeeded', 'Failed', 'Error'] as const;
export type WorkflowPhase = (typeof WORKFLOW_PHASES)[number];

export const NODE_TYPES = [
  'Pod', 'Container', 'Steps', 'StepGroup', 'DAG', 'TaskGroup', 'Retry', 'Skipped', 'Suspend', 'HTTP', 'Plugin',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const FULFILLED_PHASES: readonly NodePhase[] = ['Succeeded', 'Skipped', 'Failed', 'Error', 'Omitted'];
/** A node that will not change any more. */
export function isFulfilled(phase: string | undefined): phase is NodePhase {
  return FULFILLED_PHASES.includes(phase as NodePhase);
}

/** Phases in which a workflow has finished. */
export const WORKFLOW_COMPLETED_PHASES: readonly WorkflowPhase[] = ['Succeeded', 'Failed', 'Error'];
export function isWorkflowCompleted(phase: string | undefined): phase is WorkflowPhase {
  return WORKFLOW_COMPLETED_PHASES.includes(phase as WorkflowPhase);
}

/** The fields that make a template one kind or another, in the order Argo checks them. */
export const TEMPLATE_KINDS = ['container', 'script', 'steps', 'dag', 'suspend', 'resource', 'data', 'http', 'containerSet', 'plugin'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Names used by the default artifact repository setup (what Argo's examples assume). */
export const ArtifactRepositoryDefaults = {
  configMap: 'artifact-repositories',
  defaultKey: 'default-v1',
  secretName: 'my-minio-cred',
  accessKeyKey: 'accesskey',
  secretKeyKey: 'secretkey',
  bucket: 'my-bucket',
  controllerConfigMap: 'workflow-controller-configmap',
} as const;
