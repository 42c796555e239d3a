/** Parameters: inputs, outputs and arguments share one Parameter shape. */
import { z } from 'zod';
import { ConfigMapKeySelectorSchema } from './k8s.js';
import { AnyStringSchema } from './scalars.js';

/** A value supplied later by a person or API call (`argo resume --node-field-selector`, UI). */
export const SuppliedValueFromSchema = z.strictObject({});

export const ValueFromSchema = z.strictObject({
  configMapKeyRef: ConfigMapKeySelectorSchema.optional(),
  default: AnyStringSchema.optional(),
  event: z.string().optional(),
  expression: z.string().optional(),
  jqFilter: z.string().optional(),
  jsonPath: z.string().optional(),
  parameter: z.string().optional(),
  path: z.string().optional(),
  supplied: SuppliedValueFromSchema.optional(),
});
export type ValueFrom = z.infer<typeof ValueFromSchema>;

export const ParameterSchema = z.strictObject({
  name: z.string(),
  default: AnyStringSchema.optional(),
  description: AnyStringSchema.optional(),
  enum: z.array(AnyStringSchema).optional(),
  globalName: z.string().optional(),
  value: AnyStringSchema.optional(),
  valueFrom: ValueFromSchema.optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;
