/**
 * WorkflowTaskResult: how the executor reports a node's outputs when the
 * outputs are too big for a pod annotation. Not in Argo's JSON schema (it is
 * an internal kind), so its shape follows Argo's NodeResult inlined at the
 * top level: phase, message, outputs, progress.
 */
import { z } from 'zod';
import { OutputsSchema } from './io.js';
import { ObjectMetaSchema } from './k8s.js';
import { typeMeta } from './workflow.js';

export const WorkflowTaskResultSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  phase: z.string().optional(),
  message: z.string().optional(),
  outputs: OutputsSchema.optional(),
  progress: z.string().optional(),
});
export type WorkflowTaskResult = z.infer<typeof WorkflowTaskResultSchema>;
