/** References and loop/hook shapes shared by steps, DAG tasks and workflows. */
import { z } from 'zod';
import { ArgumentsSchema } from './io.js';
import { IntOrStringSchema } from './scalars.js';

export const TemplateRefSchema = z.strictObject({
  clusterScope: z.boolean().optional(),
  name: z.string().optional(),
  template: z.string().optional(),
});
export type TemplateRef = z.infer<typeof TemplateRefSchema>;

export const WorkflowTemplateRefSchema = z.strictObject({
  clusterScope: z.boolean().optional(),
  name: z.string().optional(),
});
export type WorkflowTemplateRef = z.infer<typeof WorkflowTemplateRefSchema>;

export const LifecycleHookSchema = z.strictObject({
  arguments: ArgumentsSchema.optional(),
  expression: z.string().optional(),
  template: z.string().optional(),
  templateRef: TemplateRefSchema.optional(),
});
export type LifecycleHook = z.infer<typeof LifecycleHookSchema>;

/** Hooks are keyed by name; `exit` is the exit hook, other keys carry an expression. */
export const LifecycleHooksSchema = z.record(z.string(), LifecycleHookSchema);
export type LifecycleHooks = z.infer<typeof LifecycleHooksSchema>;

export const SequenceSchema = z.strictObject({
  count: IntOrStringSchema.optional(),
  end: IntOrStringSchema.optional(),
  format: z.string().optional(),
  start: IntOrStringSchema.optional(),
});
export type Sequence = z.infer<typeof SequenceSchema>;

/** A `withItems` entry: any JSON value (string, number, bool, list or map). */
export const ItemSchema = z.unknown();
export type Item = z.infer<typeof ItemSchema>;
