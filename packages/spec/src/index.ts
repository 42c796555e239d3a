/**
 * @argo-ts/spec — the contract every other package builds on: zod schemas and
 * their types for argoproj.io/v1alpha1, YAML loading with located errors, the
 * lint (semantic checks), CRD/OpenAPI generation and the names shared by the
 * controller and the executor (labels, annotations, env vars, paths).
 */
export * from './constants.js';
export * from './schema/index.js';
export * from './crd/index.js';
export const packageName = '@argo-ts/spec';
export * from './yaml/index.js';
export { lintPaths, lintObjects, type LintOptions, type LintObjectsOptions, type LintResult, type LintKind, type TemplateRefResolver } from './lint/index.js';
export { missingTemplateRefs, type TemplateObjectRef } from './lint/references.js';
export { UNSUPPORTED_FIELDS, unsupportedMessage, type UnsupportedField } from './lint/checks/unsupported.js';
export * from './compressed-nodes.js';
export * from './cron/index.js';
export * from './actions/index.js';
export * from './patch/index.js';
