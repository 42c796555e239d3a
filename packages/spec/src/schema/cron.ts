/** CronWorkflow: a WorkflowSpec plus when and how often to submit it. */
import { z } from 'zod';
import { ObjectMetaSchema, ObjectReferenceSchema } from './k8s.js';
import { OptionalTimeSchema } from './scalars.js';
import { WorkflowSpecSchema } from './spec.js';
import { ConditionSchema } from './status.js';
import { typeMeta } from './workflow.js';

export const CronWorkflowSpecSchema = z.strictObject({
  schedules: z.array(z.string()),
  workflowSpec: WorkflowSpecSchema,
  concurrencyPolicy: z.string().optional(),
  failedJobsHistoryLimit: z.number().int().optional(),
  startingDeadlineSeconds: z.number().int().optional(),
  stopStrategy: z.strictObject({ expression: z.string() }).optional(),
  successfulJobsHistoryLimit: z.number().int().optional(),
  suspend: z.boolean().optional(),
  timezone: z.string().optional(),
  when: z.string().optional(),
  workflowMetadata: ObjectMetaSchema.optional(),
});
export type CronWorkflowSpec = z.infer<typeof CronWorkflowSpecSchema>;

export const CronWorkflowStatusSchema = z.strictObject({
  active: z.array(ObjectReferenceSchema).optional(),
  conditions: z.array(ConditionSchema).optional(),
  failed: z.number().int().optional(),
  lastScheduledTime: OptionalTimeSchema,
  phase: z.string().optional(),
  succeeded: z.number().int().optional(),
});
export type CronWorkflowStatus = z.infer<typeof CronWorkflowStatusSchema>;

export const CronWorkflowSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  spec: CronWorkflowSpecSchema,
  status: CronWorkflowStatusSchema.optional(),
});
export type CronWorkflow = z.infer<typeof CronWorkflowSchema>;
