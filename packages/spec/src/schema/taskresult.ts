/**
 * The executor-side kinds, which are not in Argo's JSON schema (they are
 * internal), so their shapes follow Argo's Go types:
 * - WorkflowTaskResult: how the executor reports a node's outputs when they
 *   are too big for a pod annotation; Argo's NodeResult inlined at the top.
 * - WorkflowTaskSet: the HTTP/plugin templates the agent pod runs, keyed by
 *   node ID, with one NodeResult per node in its status.
 */
import { z } from 'zod';
import { OutputsSchema } from './io.js';
import { ObjectMetaSchema } from './k8s.js';
import { TemplateSchema } from './template.js';
import { typeMeta } from './workflow.js';

const nodeResultFields = {
  phase: z.string().optional(),
  message: z.string().optional(),
  outputs: OutputsSchema.optional(),
  progress: z.string().optional(),
};

export const NodeResultSchema = z.strictObject(nodeResultFields);
export type NodeResult = z.infer<typeof NodeResultSchema>;

export const WorkflowTaskResultSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  ...nodeResultFields,
});
export type WorkflowTaskResult = z.infer<typeof WorkflowTaskResultSchema>;

export const WorkflowTaskSetSchema = z.strictObject({
  ...typeMeta,
  metadata: ObjectMetaSchema,
  spec: z.strictObject({ tasks: z.record(z.string(), TemplateSchema).optional() }).optional(),
  status: z.strictObject({ nodes: z.record(z.string(), NodeResultSchema).optional() }).optional(),
});
export type WorkflowTaskSet = z.infer<typeof WorkflowTaskSetSchema>;
