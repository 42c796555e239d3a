/**
 * The slice of the resolved template (ARGO_TEMPLATE) the executor reads.
 * Loose on purpose: the controller validated the full template with
 * @argo-ts/spec; here unknown fields pass through untouched so that reported
 * outputs keep everything the user wrote.
 */
import { readFile } from 'node:fs/promises';
import { Env, TemplateOffload } from '@argo-ts/spec';
import { z } from 'zod';
import type { ExecutorContext } from './context.js';
import { ExecutorError } from './errors.js';

const SecretRef = z.object({ name: z.string(), key: z.string() });
export type SecretRef = z.infer<typeof SecretRef>;

export const S3LocationSchema = z.looseObject({
  endpoint: z.string().optional(),
  bucket: z.string().optional(),
  key: z.string().optional(),
  region: z.string().optional(),
  insecure: z.boolean().optional(),
  accessKeySecret: SecretRef.optional(),
  secretKeySecret: SecretRef.optional(),
  sessionTokenSecret: SecretRef.optional(),
  useSDKCreds: z.boolean().optional(),
  addressingStyle: z.string().optional(),
});
export type S3Location = z.infer<typeof S3LocationSchema>;

export const HttpLocationSchema = z.looseObject({
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  auth: z.looseObject({
    basicAuth: z.object({ usernameSecret: SecretRef.optional(), passwordSecret: SecretRef.optional() }).optional(),
  }).optional(),
});
export type HttpLocation = z.infer<typeof HttpLocationSchema>;

export const GitLocationSchema = z.looseObject({
  repo: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  depth: z.number().int().optional(),
  fetch: z.array(z.string()).optional(),
  singleBranch: z.boolean().optional(),
  disableSubmodules: z.boolean().optional(),
  usernameSecret: SecretRef.optional(),
  passwordSecret: SecretRef.optional(),
  insecureIgnoreHostKey: z.boolean().optional(),
});
export type GitLocation = z.infer<typeof GitLocationSchema>;

export const RawLocationSchema = z.looseObject({ data: z.string() });

export const ArchiveStrategySchema = z.looseObject({
  tar: z.looseObject({ compressionLevel: z.number().int().min(-1).max(9).optional() }).optional(),
  none: z.looseObject({}).optional(),
  zip: z.looseObject({}).optional(),
});
export type ArchiveStrategy = z.infer<typeof ArchiveStrategySchema>;

const locationFields = {
  s3: S3LocationSchema.optional(),
  http: HttpLocationSchema.optional(),
  git: GitLocationSchema.optional(),
  raw: RawLocationSchema.optional(),
  artifactory: z.looseObject({}).optional(),
  gcs: z.looseObject({}).optional(),
  azure: z.looseObject({}).optional(),
  oss: z.looseObject({}).optional(),
  hdfs: z.looseObject({}).optional(),
  plugin: z.looseObject({}).optional(),
};

export const ArtifactSchema = z.looseObject({
  name: z.string(),
  path: z.string().optional(),
  mode: z.number().int().optional(),
  from: z.string().optional(),
  optional: z.boolean().optional(),
  archive: ArchiveStrategySchema.optional(),
  subPath: z.string().optional(),
  recurseMode: z.boolean().optional(),
  globalName: z.string().optional(),
  ...locationFields,
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const ArtifactLocationSchema = z.looseObject({ archiveLogs: z.boolean().optional(), ...locationFields });
export type ArtifactLocation = z.infer<typeof ArtifactLocationSchema>;

export const ParameterSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  default: z.string().optional(),
  globalName: z.string().optional(),
  valueFrom: z.looseObject({
    path: z.string().optional(),
    default: z.string().optional(),
    jsonPath: z.string().optional(),
    jqFilter: z.string().optional(),
    expression: z.string().optional(),
    supplied: z.looseObject({}).optional(),
    parameter: z.string().optional(),
    event: z.string().optional(),
  }).optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const TemplateSchema = z.looseObject({
  name: z.string().optional(),
  inputs: z.looseObject({
    parameters: z.array(ParameterSchema).optional(),
    artifacts: z.array(ArtifactSchema).optional(),
  }).optional(),
  outputs: z.looseObject({
    parameters: z.array(ParameterSchema).optional(),
    artifacts: z.array(ArtifactSchema).optional(),
    result: z.string().optional(),
    exitCode: z.string().optional(),
  }).optional(),
  archiveLocation: ArtifactLocationSchema.optional(),
  container: z.looseObject({}).optional(),
  // Argo allows a script without source: it then runs like a container (command/args only).
  script: z.looseObject({ source: z.string().optional() }).optional(),
  containerSet: z.looseObject({ containers: z.array(z.looseObject({ name: z.string() })).optional() }).optional(),
  sidecars: z.array(z.looseObject({ name: z.string() })).optional(),
  resource: z.looseObject({
    action: z.string(),
    manifest: z.string().optional(),
    manifestFrom: z.looseObject({ artifact: ArtifactSchema }).optional(),
    successCondition: z.string().optional(),
    failureCondition: z.string().optional(),
    setOwnerReference: z.boolean().optional(),
    mergeStrategy: z.string().optional(),
    flags: z.array(z.string()).optional(),
  }).optional(),
  data: z.looseObject({
    source: z.looseObject({ artifactPaths: ArtifactSchema.partial({ name: true }).optional() }),
    transformation: z.array(z.looseObject({ expression: z.string() })),
  }).optional(),
});
export type Template = z.infer<typeof TemplateSchema>;

/** What the executor reports (Argo's Outputs shape). */
export interface Outputs {
  result?: string;
  parameters?: Parameter[];
  artifacts?: Artifact[];
  exitCode?: string;
}

/**
 * The template the controller gave this container: ARGO_TEMPLATE itself, or
 * when that says it was offloaded (too large for the environment), the file
 * the controller's ConfigMap puts at /argo/config/ARGO_TEMPLATE.
 */
export async function templateOf(ctx: Pick<ExecutorContext, 'env' | 'resolvePath'>): Promise<Template> {
  const raw = ctx.env[Env.template];
  if (raw !== TemplateOffload.sentinel) return parseTemplate(raw);
  const file = `${TemplateOffload.mountPath}/${TemplateOffload.key}`;
  let text: string;
  try {
    text = await readFile(ctx.resolvePath(file), 'utf8');
  } catch (err) {
    throw new ExecutorError('BadTemplate', `env ARGO_TEMPLATE is "${TemplateOffload.sentinel}" but ${file} cannot be read: ${(err as Error).message}`);
  }
  return parseTemplate(text, file);
}

/** Parses ARGO_TEMPLATE; a broken value names the env var, the field path and what was expected. */
export function parseTemplate(raw: string | undefined, source = 'env ARGO_TEMPLATE'): Template {
  if (!raw) throw new ExecutorError('BadTemplate', `${source}: is empty; the controller must set the resolved template`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ExecutorError('BadTemplate', `${source}: is not valid JSON (${(err as Error).message})`);
  }
  const parsed = TemplateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExecutorError('BadTemplate', `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
