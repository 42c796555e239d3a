/** What flows into and out of a template: parameters and artifacts. */
import { z } from 'zod';
import { ArtifactSchema } from './artifacts.js';
import { ParameterSchema } from './parameters.js';

export const InputsSchema = z.strictObject({
  artifacts: z.array(ArtifactSchema).optional(),
  parameters: z.array(ParameterSchema).optional(),
});
export type Inputs = z.infer<typeof InputsSchema>;

export const OutputsSchema = z.strictObject({
  artifacts: z.array(ArtifactSchema).optional(),
  exitCode: z.string().optional(),
  parameters: z.array(ParameterSchema).optional(),
  result: z.string().optional(),
});
export type Outputs = z.infer<typeof OutputsSchema>;

export const ArgumentsSchema = z.strictObject({
  artifacts: z.array(ArtifactSchema).optional(),
  parameters: z.array(ParameterSchema).optional(),
});
export type Arguments = z.infer<typeof ArgumentsSchema>;
