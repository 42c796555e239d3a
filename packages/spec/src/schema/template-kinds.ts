/**
 * The bodies of the non-recursive template kinds (script, resource, data,
 * http, containerSet, suspend, plugin) and the user-container shape used for
 * sidecars and init containers.
 */
import { z } from 'zod';
import { ArtifactSchema } from './artifacts.js';
import { containerFields, SecretKeySelectorSchema, VolumeMountSchema } from './k8s.js';
import { DurationSchema, IntOrStringSchema } from './scalars.js';

export const UserContainerSchema = z.looseObject({
  name: z.string(),
  ...containerFields,
  mirrorVolumeMounts: z.boolean().optional(),
});
export type UserContainer = z.infer<typeof UserContainerSchema>;

export const ScriptTemplateSchema = z.looseObject({
  name: z.string().optional(),
  ...containerFields,
  // Argo's schema marks these required, but its decoder does not enforce it and
  // its own e2e tests run a script template without `source`.
  source: z.string().optional(),
});
export type ScriptTemplate = z.infer<typeof ScriptTemplateSchema>;

export const ContainerNodeSchema = z.looseObject({
  name: z.string(),
  ...containerFields,
  dependencies: z.array(z.string()).optional(),
});
export type ContainerNode = z.infer<typeof ContainerNodeSchema>;

export const ContainerSetTemplateSchema = z.strictObject({
  containers: z.array(ContainerNodeSchema),
  retryStrategy: z
    .strictObject({ duration: DurationSchema.optional(), retries: IntOrStringSchema })
    .optional(),
  volumeMounts: z.array(VolumeMountSchema).optional(),
});
export type ContainerSetTemplate = z.infer<typeof ContainerSetTemplateSchema>;

export const ResourceTemplateSchema = z.strictObject({
  action: z.string(),
  failureCondition: z.string().optional(),
  flags: z.array(z.string()).optional(),
  manifest: z.string().optional(),
  manifestFrom: z.strictObject({ artifact: ArtifactSchema }).optional(),
  mergeStrategy: z.string().optional(),
  setOwnerReference: z.boolean().optional(),
  successCondition: z.string().optional(),
});
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;

export const DataSchema = z.strictObject({
  source: z.strictObject({ artifactPaths: ArtifactSchema.optional() }),
  transformation: z.array(z.strictObject({ expression: z.string() })),
});
export type Data = z.infer<typeof DataSchema>;

export const HTTPHeaderSchema = z.strictObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.strictObject({ secretKeyRef: SecretKeySelectorSchema.optional() }).optional(),
});

export const HTTPSchema = z.strictObject({
  url: z.string(),
  body: z.string().optional(),
  bodyFrom: z.strictObject({ bytes: z.string().optional() }).optional(),
  headers: z.array(HTTPHeaderSchema).optional(),
  insecureSkipVerify: z.boolean().optional(),
  method: z.string().optional(),
  successCondition: z.string().optional(),
  timeoutSeconds: z.number().int().optional(),
});
export type HTTP = z.infer<typeof HTTPSchema>;

export const SuspendTemplateSchema = z.strictObject({ duration: DurationSchema.optional() });
export type SuspendTemplate = z.infer<typeof SuspendTemplateSchema>;

/** A plugin template is an object with exactly one key: the plugin's name. */
export const PluginSchema = z
  .record(z.string(), z.unknown())
  .refine((o) => Object.keys(o).length === 1, 'a plugin template has exactly one key, the plugin name');
export type Plugin = z.infer<typeof PluginSchema>;
