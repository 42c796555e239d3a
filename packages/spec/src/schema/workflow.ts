/** The three kinds that carry a WorkflowSpec: Workflow, WorkflowTemplate, ClusterWorkflowTemplate. */
import { z } from 'zod';
import { ObjectMetaSchema } from './k8s.js';
import { WorkflowSpecSchema } from './spec.js';
import { WorkflowStatusSchema } from './status.js';

export const typeMeta = { apiVersion: z.string().optional(), kind: z.string().optional() };

export const WorkflowSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  spec: WorkflowSpecSchema,
  status: WorkflowStatusSchema.optional(),
});
export type Workflow = z.infer<typeof WorkflowSchema>;

export const WorkflowTemplateSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  spec: WorkflowSpecSchema,
});
export type WorkflowTemplate = z.infer<typeof WorkflowTemplateSchema>;

export const ClusterWorkflowTemplateSchema = WorkflowTemplateSchema;
export type ClusterWorkflowTemplate = WorkflowTemplate;
