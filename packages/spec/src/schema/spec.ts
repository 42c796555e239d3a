/** WorkflowSpec: the body shared by Workflow, WorkflowTemplate, ClusterWorkflowTemplate and a CronWorkflow's workflowSpec. */
import { z } from 'zod';
import { ArtifactRepositoryRefSchema } from './artifacts.js';
import { ArgumentsSchema } from './io.js';
import {
  AffinitySchema,
  ContainerSchema,
  HostAliasSchema,
  LocalObjectReferenceSchema,
  ObjectMetaSchema,
  PersistentVolumeClaimSchema,
  PodDisruptionBudgetSpecSchema,
  PodDNSConfigSchema,
  PodResourceClaimSchema,
  PodSecurityContextSchema,
  ResourceRequirementsSchema,
  TolerationSchema,
  VolumeSchema,
} from './k8s.js';
import { MetadataSchema } from './metadata.js';
import {
  ExecutorConfigSchema,
  MetricsSchema,
  PodGCSchema,
  RetryStrategySchema,
  SynchronizationSchema,
  TTLStrategySchema,
  VolumeClaimGCSchema,
} from './policies.js';
import { LifecycleHooksSchema, WorkflowTemplateRefSchema } from './refs.js';
import { StringMapSchema } from './scalars.js';
import { TemplateSchema } from './template.js';

export const WorkflowLevelArtifactGCSchema = z.strictObject({
  forceFinalizerRemoval: z.boolean().optional(),
  podMetadata: MetadataSchema.optional(),
  podSpecPatch: z.string().optional(),
  serviceAccountName: z.string().optional(),
  strategy: z.string().optional(),
});

export const WorkflowMetadataSchema = z.strictObject({
  annotations: StringMapSchema.optional(),
  labels: StringMapSchema.optional(),
  labelsFrom: z.record(z.string(), z.strictObject({ expression: z.string() })).optional(),
});

export const ExecutorPluginSchema = z.strictObject({
  metadata: ObjectMetaSchema,
  spec: z.strictObject({
    sidecar: z.strictObject({
      automountServiceAccountToken: z.boolean().optional(),
      container: ContainerSchema,
    }),
  }),
});

export const WorkflowSpecSchema = z.strictObject({
  entrypoint: z.string().optional(),
  arguments: ArgumentsSchema.optional(),
  templates: z.array(TemplateSchema).optional(),
  templateDefaults: TemplateSchema.optional(),
  workflowTemplateRef: WorkflowTemplateRefSchema.optional(),
  onExit: z.string().optional(),
  hooks: LifecycleHooksSchema.optional(),
  // run control
  activeDeadlineSeconds: z.number().int().optional(),
  parallelism: z.number().int().optional(),
  priority: z.number().int().optional(),
  retryStrategy: RetryStrategySchema.optional(),
  shutdown: z.string().optional(),
  suspend: z.boolean().optional(),
  synchronization: SynchronizationSchema.optional(),
  // storage and cleanup
  archiveLogs: z.boolean().optional(),
  artifactGC: WorkflowLevelArtifactGCSchema.optional(),
  artifactRepositoryRef: ArtifactRepositoryRefSchema.optional(),
  podGC: PodGCSchema.optional(),
  ttlStrategy: TTLStrategySchema.optional(),
  volumeClaimGC: VolumeClaimGCSchema.optional(),
  volumeClaimTemplates: z.array(PersistentVolumeClaimSchema).optional(),
  volumes: z.array(VolumeSchema).optional(),
  // pod shape defaults
  affinity: AffinitySchema.optional(),
  automountServiceAccountToken: z.boolean().optional(),
  dnsConfig: PodDNSConfigSchema.optional(),
  dnsPolicy: z.string().optional(),
  executor: ExecutorConfigSchema.optional(),
  executorPlugins: z.array(ExecutorPluginSchema).optional(),
  hostAliases: z.array(HostAliasSchema).optional(),
  hostNetwork: z.boolean().optional(),
  imagePullSecrets: z.array(LocalObjectReferenceSchema).optional(),
  nodeSelector: StringMapSchema.optional(),
  podDisruptionBudget: PodDisruptionBudgetSpecSchema.optional(),
  podMetadata: MetadataSchema.optional(),
  podPriorityClassName: z.string().optional(),
  podResources: ResourceRequirementsSchema.optional(),
  podSpecPatch: z.string().optional(),
  resourceClaims: z.array(PodResourceClaimSchema).optional(),
  schedulerName: z.string().optional(),
  securityContext: PodSecurityContextSchema.optional(),
  serviceAccountName: z.string().optional(),
  tolerations: z.array(TolerationSchema).optional(),
  metrics: MetricsSchema.optional(),
  workflowMetadata: WorkflowMetadataSchema.optional(),
});
export type WorkflowSpec = z.infer<typeof WorkflowSpecSchema>;

