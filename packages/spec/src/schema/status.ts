/**
 * Observed state written by the controller: WorkflowStatus and the per-node
 * NodeStatus map. Also strict, so a typo in controller code fails loudly.
 */
import { z } from 'zod';
import { NODE_PHASES, NODE_TYPES, WORKFLOW_PHASES } from '../constants.js';
import { ArtifactRepositoryRefSchema, ossBucketFields, s3BucketFields, hdfsConfigFields } from './artifacts.js';
import { InputsSchema, OutputsSchema } from './io.js';
import { SecretKeySelectorSchema, VolumeSchema } from './k8s.js';
import { TemplateRefSchema } from './refs.js';
import { OptionalTimeSchema } from './scalars.js';
import { WorkflowSpecSchema } from './spec.js';
import { TemplateSchema } from './template.js';

const secret = SecretKeySelectorSchema.optional();

export const ConditionSchema = z.strictObject({
  message: z.string().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** Resolved artifact repository (from a ConfigMap or the controller default). */
export const ArtifactRepositorySchema = z.strictObject({
  archiveLogs: z.boolean().optional(),
  artifactory: z
    .strictObject({ keyFormat: z.string().optional(), passwordSecret: secret, repoURL: z.string().optional(), usernameSecret: secret })
    .optional(),
  azure: z
    .strictObject({
      accountKeySecret: secret,
      blobNameFormat: z.string().optional(),
      container: z.string(),
      endpoint: z.string(),
      useSDKCreds: z.boolean().optional(),
    })
    .optional(),
  gcs: z
    .strictObject({ bucket: z.string().optional(), keyFormat: z.string().optional(), serviceAccountKeySecret: secret })
    .optional(),
  hdfs: z.strictObject({ ...hdfsConfigFields, pathFormat: z.string().optional() }).optional(),
  oss: z.strictObject({ ...ossBucketFields, keyFormat: z.string().optional() }).optional(),
  plugin: z
    .strictObject({ configuration: z.string(), keyFormat: z.string().optional(), name: z.string() })
    .optional(),
  s3: z
    .strictObject({ ...s3BucketFields, keyFormat: z.string().optional(), keyPrefix: z.string().optional() })
    .optional(),
});
export type ArtifactRepository = z.infer<typeof ArtifactRepositorySchema>;

export const ArtifactRepositoryRefStatusSchema = ArtifactRepositoryRefSchema.extend({
  artifactRepository: ArtifactRepositorySchema.optional(),
  default: z.boolean().optional(),
  namespace: z.string().optional(),
});
export type ArtifactRepositoryRefStatus = z.infer<typeof ArtifactRepositoryRefStatusSchema>;

const holding = z.strictObject({ holder: z.string().optional(), mutex: z.string().optional() });
const semHolding = z.strictObject({ holders: z.array(z.string()).optional(), semaphore: z.string().optional() });

export const SynchronizationStatusSchema = z.strictObject({
  mutex: z
    .strictObject({ holding: z.array(holding).optional(), waiting: z.array(holding).optional() })
    .optional(),
  semaphore: z
    .strictObject({ holding: z.array(semHolding).optional(), waiting: z.array(semHolding).optional() })
    .optional(),
});

export const NodeStatusSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(NODE_TYPES),
  displayName: z.string().optional(),
  phase: z.enum(NODE_PHASES).optional(),
  message: z.string().optional(),
  boundaryID: z.string().optional(),
  children: z.array(z.string()).optional(),
  outboundNodes: z.array(z.string()).optional(),
  templateName: z.string().optional(),
  templateRef: TemplateRefSchema.optional(),
  templateScope: z.string().optional(),
  inputs: InputsSchema.optional(),
  outputs: OutputsSchema.optional(),
  startedAt: OptionalTimeSchema,
  finishedAt: OptionalTimeSchema,
  estimatedDuration: z.number().int().optional(),
  progress: z.string().optional(),
  resourcesDuration: z.record(z.string(), z.number().int()).optional(),
  daemoned: z.boolean().optional(),
  failedPodRestarts: z.number().int().optional(),
  hostNodeName: z.string().optional(),
  podIP: z.string().optional(),
  restartingPodUID: z.string().optional(),
  memoizationStatus: z
    .strictObject({ cacheName: z.string(), hit: z.boolean(), key: z.string() })
    .optional(),
  nodeFlag: z.strictObject({ hooked: z.boolean().optional(), retried: z.boolean().optional() }).optional(),
  synchronizationStatus: z.strictObject({ waiting: z.string().optional() }).optional(),
  taskResultSynced: z.boolean().optional(),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const WorkflowStatusSchema = z.strictObject({
  phase: z.enum(WORKFLOW_PHASES).optional(),
  message: z.string().optional(),
  startedAt: OptionalTimeSchema,
  finishedAt: OptionalTimeSchema,
  estimatedDuration: z.number().int().optional(),
  progress: z.string().optional(),
  nodes: z.record(z.string(), NodeStatusSchema).optional(),
  outputs: OutputsSchema.optional(),
  conditions: z.array(ConditionSchema).optional(),
  resourcesDuration: z.record(z.string(), z.number().int()).optional(),
  storedTemplates: z.record(z.string(), TemplateSchema).optional(),
  storedWorkflowTemplateSpec: WorkflowSpecSchema.optional(),
  artifactRepositoryRef: ArtifactRepositoryRefStatusSchema.optional(),
  artifactGCStatus: z
    .strictObject({
      notSpecified: z.boolean().optional(),
      podsRecouped: z.record(z.string(), z.boolean()).optional(),
      strategiesProcessed: z.record(z.string(), z.boolean()).optional(),
    })
    .optional(),
  compressedNodes: z.string().optional(),
  offloadNodeStatusVersion: z.string().optional(),
  persistentVolumeClaims: z.array(VolumeSchema).optional(),
  synchronization: SynchronizationStatusSchema.optional(),
  taskResultsCompletionStatus: z.record(z.string(), z.boolean()).optional(),
});
export type WorkflowStatus = z.infer<typeof WorkflowStatusSchema>;
