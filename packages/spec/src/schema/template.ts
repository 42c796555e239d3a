/**
 * Template and the two recursive containers of templates (steps and DAG
 * tasks, whose `inline` holds a whole Template). The recursion is expressed
 * with annotated getters, which zod 4 resolves lazily; all three live in this
 * file so no import cycle is needed.
 */
import { z } from 'zod';
import { ArtifactLocationSchema } from './artifacts.js';
import { ArgumentsSchema, InputsSchema, OutputsSchema } from './io.js';
import {
  AffinitySchema,
  ContainerSchema,
  HostAliasSchema,
  PodResourceClaimSchema,
  PodSecurityContextSchema,
  ResourceRequirementsSchema,
  TolerationSchema,
  VolumeSchema,
} from './k8s.js';
import { MetadataSchema } from './metadata.js';
import {
  ContinueOnSchema,
  ExecutorConfigSchema,
  MemoizeSchema,
  MetricsSchema,
  RetryStrategySchema,
  SynchronizationSchema,
} from './policies.js';
import { ItemSchema, LifecycleHooksSchema, SequenceSchema, TemplateRefSchema } from './refs.js';
import { DurationSchema, IntOrStringSchema, StringMapSchema } from './scalars.js';
import {
  ContainerSetTemplateSchema,
  DataSchema,
  HTTPSchema,
  PluginSchema,
  ResourceTemplateSchema,
  ScriptTemplateSchema,
  SuspendTemplateSchema,
  UserContainerSchema,
} from './template-kinds.js';

/** Fields a step and a DAG task share (everything but the DAG-only ordering fields). */
const invocationFields = {
  arguments: ArgumentsSchema.optional(),
  continueOn: ContinueOnSchema.optional(),
  hooks: LifecycleHooksSchema.optional(),
  onExit: z.string().optional(),
  template: z.string().optional(),
  templateRef: TemplateRefSchema.optional(),
  when: z.string().optional(),
  withItems: z.array(ItemSchema).optional(),
  withParam: z.string().optional(),
  withSequence: SequenceSchema.optional(),
};

export const WorkflowStepSchema = z.strictObject({
  name: z.string().optional(),
  ...invocationFields,
  get inline(): z.ZodOptional<typeof TemplateSchema> {
    return TemplateSchema.optional();
  },
});
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

/** One group of steps that run in parallel; a steps template is a list of these. */
export const ParallelStepsSchema = z.array(WorkflowStepSchema, {
  error: 'expected a list of steps that run in parallel: steps is a list of lists (`- - name: ...`)',
});
export type ParallelSteps = z.infer<typeof ParallelStepsSchema>;

export const DAGTaskSchema = z.strictObject({
  name: z.string(),
  ...invocationFields,
  dependencies: z.array(z.string()).optional(),
  depends: z.string().optional(),
  get inline(): z.ZodOptional<typeof TemplateSchema> {
    return TemplateSchema.optional();
  },
});
export type DAGTask = z.infer<typeof DAGTaskSchema>;

export const DAGTemplateSchema = z.strictObject({
  failFast: z.boolean().optional(),
  target: z.string().optional(),
  tasks: z.array(DAGTaskSchema),
});
export type DAGTemplate = z.infer<typeof DAGTemplateSchema>;

export const TemplateSchema = z.strictObject({
  name: z.string().optional(),
  inputs: InputsSchema.optional(),
  outputs: OutputsSchema.optional(),
  // template kinds: exactly one is set (checked by the lint, not the shape)
  container: ContainerSchema.optional(),
  script: ScriptTemplateSchema.optional(),
  get steps(): z.ZodOptional<z.ZodArray<typeof ParallelStepsSchema>> {
    return z.array(ParallelStepsSchema).optional();
  },
  get dag(): z.ZodOptional<typeof DAGTemplateSchema> {
    return DAGTemplateSchema.optional();
  },
  suspend: SuspendTemplateSchema.optional(),
  resource: ResourceTemplateSchema.optional(),
  data: DataSchema.optional(),
  containerSet: ContainerSetTemplateSchema.optional(),
  http: HTTPSchema.optional(),
  plugin: PluginSchema.optional(),
  // execution policy
  activeDeadlineSeconds: IntOrStringSchema.optional(),
  archiveLocation: ArtifactLocationSchema.optional(),
  daemon: z.boolean().optional(),
  failFast: z.boolean().optional(),
  memoize: MemoizeSchema.optional(),
  metrics: MetricsSchema.optional(),
  parallelism: z.number().int().optional(),
  pendingTimeout: DurationSchema.optional(),
  retryStrategy: RetryStrategySchema.optional(),
  synchronization: SynchronizationSchema.optional(),
  timeout: DurationSchema.optional(),
  // pod shape
  affinity: AffinitySchema.optional(),
  annotations: StringMapSchema.optional(),
  automountServiceAccountToken: z.boolean().optional(),
  executor: ExecutorConfigSchema.optional(),
  hostAliases: z.array(HostAliasSchema).optional(),
  initContainers: z.array(UserContainerSchema).optional(),
  metadata: MetadataSchema.optional(),
  nodeSelector: StringMapSchema.optional(),
  podResources: ResourceRequirementsSchema.optional(),
  podSpecPatch: z.string().optional(),
  priorityClassName: z.string().optional(),
  resourceClaims: z.array(PodResourceClaimSchema).optional(),
  schedulerName: z.string().optional(),
  securityContext: PodSecurityContextSchema.optional(),
  serviceAccountName: z.string().optional(),
  sidecars: z.array(UserContainerSchema).optional(),
  tolerations: z.array(TolerationSchema).optional(),
  volumes: z.array(VolumeSchema).optional(),
});
export type Template = z.infer<typeof TemplateSchema>;
