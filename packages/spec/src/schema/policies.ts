/** Cross-cutting template and workflow policies: retry, sync, memoization, metrics, GC. */
import { z } from 'zod';
import { ConfigMapKeySelectorSchema, LabelSelectorSchema, LocalObjectReferenceSchema } from './k8s.js';
import { DurationSchema, IntOrStringSchema } from './scalars.js';

export const BackoffSchema = z.strictObject({
  cap: DurationSchema.optional(),
  duration: DurationSchema.optional(),
  factor: IntOrStringSchema.optional(),
  maxDuration: DurationSchema.optional(),
});
export type Backoff = z.infer<typeof BackoffSchema>;

export const RetryStrategySchema = z.strictObject({
  affinity: z.strictObject({ nodeAntiAffinity: z.strictObject({}).optional() }).optional(),
  backoff: BackoffSchema.optional(),
  expression: z.string().optional(),
  limit: IntOrStringSchema.optional(),
  retryPolicy: z.string().optional(),
});
export type RetryStrategy = z.infer<typeof RetryStrategySchema>;

export const ContinueOnSchema = z.strictObject({
  error: z.boolean().optional(),
  failed: z.boolean().optional(),
});
export type ContinueOn = z.infer<typeof ContinueOnSchema>;

export const MutexSchema = z.strictObject({
  database: z.boolean().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});

export const SemaphoreRefSchema = z.strictObject({
  configMapKeyRef: ConfigMapKeySelectorSchema.optional(),
  database: z.strictObject({ key: z.string() }).optional(),
  namespace: z.string().optional(),
});

/** Argo 4 dropped the singular `mutex`/`semaphore`; strict decoding rejects them there too. */
export const SynchronizationSchema = z.strictObject({
  mutexes: z.array(MutexSchema).optional(),
  semaphores: z.array(SemaphoreRefSchema).optional(),
});
export type Synchronization = z.infer<typeof SynchronizationSchema>;

export const MemoizeSchema = z.strictObject({
  cache: z.strictObject({ configMap: LocalObjectReferenceSchema }),
  key: z.string(),
  maxAge: DurationSchema,
});
export type Memoize = z.infer<typeof MemoizeSchema>;

export const PrometheusSchema = z.strictObject({
  name: z.string(),
  help: z.string(),
  counter: z.strictObject({ value: z.string() }).optional(),
  gauge: z
    .strictObject({ operation: z.string().optional(), realtime: z.boolean(), value: z.string() })
    .optional(),
  histogram: z.strictObject({ buckets: z.array(z.number()), value: z.string() }).optional(),
  labels: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
  when: z.string().optional(),
});
export type Prometheus = z.infer<typeof PrometheusSchema>;

export const MetricsSchema = z.strictObject({ prometheus: z.array(PrometheusSchema) });
export type Metrics = z.infer<typeof MetricsSchema>;

export const PodGCSchema = z.strictObject({
  deleteDelayDuration: DurationSchema.optional(),
  labelSelector: LabelSelectorSchema.optional(),
  strategy: z.string().optional(),
});
export type PodGC = z.infer<typeof PodGCSchema>;

export const TTLStrategySchema = z.strictObject({
  secondsAfterCompletion: z.number().int().optional(),
  secondsAfterFailure: z.number().int().optional(),
  secondsAfterSuccess: z.number().int().optional(),
});
export type TTLStrategy = z.infer<typeof TTLStrategySchema>;

export const VolumeClaimGCSchema = z.strictObject({ strategy: z.string().optional() });

export const ExecutorConfigSchema = z.strictObject({ serviceAccountName: z.string().optional() });
