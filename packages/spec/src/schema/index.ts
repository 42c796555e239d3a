/**
 * zod schemas and inferred types for argoproj.io/v1alpha1. Argo objects are
 * strict (unknown fields are errors, like Argo's strict decoding); embedded
 * Kubernetes types keep unknown fields.
 */
export * from './scalars.js';
export * from './k8s.js';
export * from './metadata.js';
export * from './parameters.js';
export * from './artifacts.js';
export * from './io.js';
export * from './policies.js';
export * from './refs.js';
export * from './template-kinds.js';
export * from './template.js';
export * from './spec.js';
export * from './status.js';
export * from './workflow.js';
export * from './cron.js';
export * from './taskresult.js';
export * from './kinds.js';
