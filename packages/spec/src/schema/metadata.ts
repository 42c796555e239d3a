/** Argo's small label/annotation holder used for pods and GC pods. */
import { z } from 'zod';
import { StringMapSchema } from './scalars.js';

export const MetadataSchema = z.strictObject({
  annotations: StringMapSchema.optional(),
  labels: StringMapSchema.optional(),
});
export type Metadata = z.infer<typeof MetadataSchema>;
