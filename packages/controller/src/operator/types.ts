/**
 * The contract between the pure operator and the Kubernetes layer.
 *
 * `operate(workflow, pods, now, config, ctx)` is pure: it reads the workflow
 * (spec + status), the pods labelled with the workflow and the objects in
 * `ctx`, and returns the next status and the side effects to apply. The
 * status's `nodes` map is the operator's only memory: node IDs and pod names
 * are deterministic, so operating twice on the same input gives the same
 * result and a restarted controller carries on without creating a pod twice.
 *
 * How the kube layer applies a result (the order matters for crash safety):
 *  1. apply `actions` in array order (the operator emits them in a safe
 *     order: resources and pods first, deletions last). `createPod` /
 *     `createResource` answering AlreadyExists is success; `deletePod` /
 *     `deleteResource` answering NotFound is success.
 *  2. then write `status` (and merge `labels` into the Workflow's labels)
 *     with conflict retry. If the write is lost, the next operate re-creates
 *     the same nodes and re-emits the same creates, which are idempotent.
 *  3. if `requeueAfterMs` is set, operate again after that delay even if
 *     nothing changes (backoff, suspend durations, deadlines, ttl).
 *
 * `operateInPlace` (operate.ts) is the same reconcile without copying the
 * node map: it modifies `workflow.status.nodes` and returns it. Use it when
 * the caller owns the status it passes (e.g. the status it last wrote), never
 * on a shared informer-cache object. Passing back the result's node map
 * object lets the operator reuse what it derived last time (memo.ts), which
 * makes a reconcile cost what changed instead of the workflow's size; a map
 * parsed afresh is always correct, just scanned once.
 */
import type { V1ConfigMap, V1Pod, KubernetesObject } from '@kubernetes/client-node';
import type { PodGC } from '@argo-ts/spec';
import type {
  ArtifactRepository,
  ClusterWorkflowTemplate,
  HTTP,
  Workflow,
  WorkflowStatus,
  WorkflowTaskResult,
  WorkflowTemplate,
} from './model.js';

export type OutputsReporter = 'annotation' | 'taskresult';

/** `spec.podGC`: strategy, labelSelector, deleteDelayDuration. */
export type PodGCConfig = PodGC;

export interface ImageConfig { entrypoint?: string[]; cmd?: string[] }

export interface OperatorConfig {
  /** Image of `argoexec` for the init and wait containers. */
  executorImage: string;
  /** Default artifact repository (from the controller config or the `artifact-repositories` ConfigMap). */
  artifactRepository?: ArtifactRepository;
  /** Controller-wide cap on running workflow pods of one workflow when the workflow sets none. */
  parallelism?: number;
  /** Default pod GC when the workflow sets none. */
  podGC?: PodGCConfig;
  /** Argo's `podGCDeleteDelayDuration`: the delay when podGC sets none (default 5s). */
  podGCDeleteDelayDuration?: string;
  outputsReporter: OutputsReporter;
  /** Set as label `workflows.argoproj.io/controller-instanceid` on created pods. */
  instanceId?: string;
  /** Argo's `images` setting: ENTRYPOINT/CMD of images used without `command` (the emissary cannot read image configs). */
  images?: Record<string, ImageConfig>;
  /** Images whose ENTRYPOINT/CMD lookup the registry refused, with its error (their pods fail as Argo fails them). */
  imageLookupErrors?: Record<string, string>;
  /** Merged under every workflow's spec (Argo's `workflowDefaults`). */
  workflowDefaults?: Partial<Workflow['spec']>;
}

export interface OperateContext {
  /** WorkflowTemplates of the workflow's namespace, by name. */
  workflowTemplates: Map<string, WorkflowTemplate>;
  clusterWorkflowTemplates: Map<string, ClusterWorkflowTemplate>;
  /** ConfigMaps of the workflow's namespace, by name (valueFrom.configMapKeyRef, memoization caches). */
  configMaps: Map<string, V1ConfigMap>;
  /** WorkflowTaskResults of this workflow, by node ID (the `taskresult` outputs reporter). */
  taskResults: Map<string, WorkflowTaskResult>;
  /**
   * The controller's mutexes and semaphores (a session over its lock manager).
   * Without it, locks are decided from this workflow's own status alone.
   */
  sync?: LockView;
  /**
   * Random bytes for `sprig.uuidv4` and `sprig.rand*` (the Kubernetes layer
   * passes the machine's entropy). Without it they come from a generator
   * seeded by the workflow and `now`, so operate stays a function of its input.
   */
  randomBytes?: (n: number) => Uint8Array;
}

/** One holder asking for every lock of a `synchronization` block at once. */
export interface LockRequest {
  /** `<ns>/<workflow>` (workflow level) or `<ns>/<workflow>/<nodeID>` (template level). */
  holder: string;
  locks: { key: string; kind: 'Mutex' | 'Semaphore' }[];
  /** The workflow's spec.priority: higher goes first. */
  priority: number;
  /** The workflow's creation time (ms): earlier goes first among equal priorities. */
  created: number;
}

export type LockDecision =
  | { acquired: true }
  /** `lock` is the first lock that could not be had; `message` is Argo's "Waiting for ... lock" line. */
  | { acquired: false; lock: string; message: string; error?: undefined }
  /** The lock cannot be granted at all (e.g. a semaphore without a readable limit). */
  | { acquired: false; lock: string; message?: undefined; error: string };

/**
 * What operate sees of the locks: answers within one operate account for the
 * grants and releases made earlier in the same operate; none of it is
 * committed until the kube layer applies the result's `locks` intents. Asking
 * puts the holder in the lock's waiting queue (priority, then creation time).
 */
export interface LockView {
  tryAcquire(req: LockRequest): LockDecision;
  release(holder: string, locks: string[]): void;
  /** Current holders of a lock, any workflow. */
  holders(lock: string): string[];
  /** Locks held by the workflow `<ns>/<name>` or its nodes. */
  heldBy(workflow: string): { holder: string; lock: string }[];
}

/** Lock changes for the kube layer to commit, in order, right after operate returns. */
export type LockIntent =
  | { type: 'acquire'; holder: string; locks: string[] }
  /** Gives the locks back and leaves their waiting queues. */
  | { type: 'release'; holder: string; locks: string[] };

export type Action =
  | { type: 'createPod'; pod: V1Pod }
  | { type: 'deletePod'; name: string }
  /** Patch a pod's metadata, e.g. `workflows.argoproj.io/execution` to ask the executor to stop, or the completed label. */
  | { type: 'annotatePod'; name: string; annotations: Record<string, string>; labels?: Record<string, string> }
  /** PVCs from volumeClaimTemplates (and resource templates' objects are created by their pod, not here). */
  | { type: 'createResource'; object: KubernetesObject }
  | { type: 'deleteResource'; apiVersion: string; kind: string; name: string }
  /** Memoization cache entries: merge `data` into the ConfigMap, creating it when missing. */
  | { type: 'upsertConfigMap'; name: string; data: Record<string, string>; labels?: Record<string, string> }
  | { type: 'event'; eventType: 'Normal' | 'Warning'; reason: string; message: string }
  /** ttlStrategy expired: delete the Workflow itself. */
  | { type: 'deleteWorkflow' }
  /**
   * Perform an HTTP template's request (http.ts). Emitted on every operate while
   * the node waits, so the runner must start it at most once per node and
   * never block on it: the outcome comes back as the node's WorkflowTaskResult.
   */
  | { type: 'httpRequest'; nodeId: string; nodeName: string; http: HTTP }
  /** A custom metric (metrics.prometheus) to record, once the status that completed its node is stored. */
  | { type: 'metric'; metric: CustomMetric };

/** A custom Prometheus metric with its variables resolved (operator/metrics.ts). */
export interface CustomMetric {
  name: string;
  help: string;
  kind: 'counter' | 'gauge' | 'histogram';
  labels: Record<string, string>;
  value: number;
  /** Gauges: Set (default), Add or Sub. */
  operation?: 'Set' | 'Add' | 'Sub';
  /** Histograms. */
  buckets?: number[];
}

export interface OperateResult {
  status: WorkflowStatus;
  /** Labels to merge into the Workflow (phase, completed). */
  labels?: Record<string, string>;
  /** Annotations to merge into the Workflow (spec.workflowMetadata). */
  annotations?: Record<string, string>;
  actions: Action[];
  /** Operate again after this many ms even without events (backoff, suspend duration, deadlines). */
  requeueAfterMs?: number;
  /** Mutex and semaphore grants and releases (see LockView). */
  locks?: LockIntent[];
}

export type Operate = (
  workflow: Workflow,
  pods: V1Pod[],
  now: Date,
  config: OperatorConfig,
  ctx: OperateContext,
) => OperateResult;

/** Errors the operator records; `transient` ones may succeed on a later operate. */
export type OperatorErrorCode =
  | 'TemplateNotFound'
  | 'InvalidSpec'
  | 'UnresolvedVariable'
  | 'InvalidLoop'
  | 'InvalidExpression'
  | 'MissingArtifactRepository'
  | 'MissingConfigMap';

export class OperatorError extends Error {
  constructor(
    readonly code: OperatorErrorCode,
    message: string,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}
