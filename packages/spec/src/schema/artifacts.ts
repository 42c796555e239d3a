/**
 * Artifacts and their storage locations. One Artifact names at most one
 * location (s3, http, git, ...); which one is set decides the driver.
 *
 * Argo's schema marks keys, blobs and paths of bucket locations required, but
 * its decoder does not enforce that and "key-only" artifacts rely on it: the
 * missing bucket, endpoint or container comes from the artifact repository.
 * So only fields that no repository can supply (git repo, raw data, http url)
 * are required here.
 */
import { z } from 'zod';
import { ConfigMapKeySelectorSchema, SecretKeySelectorSchema } from './k8s.js';
import { MetadataSchema } from './metadata.js';

const secret = SecretKeySelectorSchema.optional();

export const S3EncryptionOptionsSchema = z.strictObject({
  enableEncryption: z.boolean().optional(),
  kmsEncryptionContext: z.string().optional(),
  kmsKeyId: z.string().optional(),
  serverSideCustomerKeySecret: secret,
});

export const CreateS3BucketOptionsSchema = z.strictObject({ objectLocking: z.boolean().optional() });

/** Connection fields shared by an S3 artifact and an S3 artifact repository. */
export const s3BucketFields = {
  accessKeySecret: secret,
  addressingStyle: z.string().optional(),
  bucket: z.string().optional(),
  caSecret: secret,
  createBucketIfNotPresent: CreateS3BucketOptionsSchema.optional(),
  encryptionOptions: S3EncryptionOptionsSchema.optional(),
  endpoint: z.string().optional(),
  insecure: z.boolean().optional(),
  region: z.string().optional(),
  roleARN: z.string().optional(),
  secretKeySecret: secret,
  sessionTokenSecret: secret,
  useSDKCreds: z.boolean().optional(),
};

export const S3ArtifactSchema = z.strictObject({ ...s3BucketFields, key: z.string().optional() });
export type S3Artifact = z.infer<typeof S3ArtifactSchema>;

export const HTTPAuthSchema = z.strictObject({
  basicAuth: z.strictObject({ passwordSecret: secret, usernameSecret: secret }).optional(),
  clientCert: z.strictObject({ clientCertSecret: secret, clientKeySecret: secret }).optional(),
  oauth2: z
    .strictObject({
      clientIDSecret: secret,
      clientSecretSecret: secret,
      endpointParams: z.array(z.strictObject({ key: z.string(), value: z.string().optional() })).optional(),
      scopes: z.array(z.string()).optional(),
      tokenURLSecret: secret,
    })
    .optional(),
});

export const HTTPArtifactSchema = z.strictObject({
  url: z.string(),
  auth: HTTPAuthSchema.optional(),
  headers: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
  saveStreamViaFile: z.boolean().optional(),
});

export const GitArtifactSchema = z.strictObject({
  repo: z.string(),
  branch: z.string().optional(),
  depth: z.number().int().optional(),
  disableSubmodules: z.boolean().optional(),
  fetch: z.array(z.string()).optional(),
  insecureIgnoreHostKey: z.boolean().optional(),
  insecureSkipTLS: z.boolean().optional(),
  passwordSecret: secret,
  revision: z.string().optional(),
  singleBranch: z.boolean().optional(),
  sshPrivateKeySecret: secret,
  usernameSecret: secret,
});

export const RawArtifactSchema = z.strictObject({ data: z.string() });

export const GCSArtifactSchema = z.strictObject({
  bucket: z.string().optional(),
  key: z.string().optional(),
  serviceAccountKeySecret: secret,
});

export const AzureArtifactSchema = z.strictObject({
  accountKeySecret: secret,
  blob: z.string().optional(),
  container: z.string().optional(),
  endpoint: z.string().optional(),
  useSDKCreds: z.boolean().optional(),
});

export const OSSLifecycleRuleSchema = z.strictObject({
  markDeletionAfterDays: z.number().int().optional(),
  markInfrequentAccessAfterDays: z.number().int().optional(),
});

export const ossBucketFields = {
  accessKeySecret: secret,
  bucket: z.string().optional(),
  createBucketIfNotPresent: z.boolean().optional(),
  endpoint: z.string().optional(),
  lifecycleRule: OSSLifecycleRuleSchema.optional(),
  secretKeySecret: secret,
  securityToken: z.string().optional(),
  useSDKCreds: z.boolean().optional(),
};

export const OSSArtifactSchema = z.strictObject({ ...ossBucketFields, key: z.string().optional() });

export const hdfsConfigFields = {
  addresses: z.array(z.string()).optional(),
  dataTransferProtection: z.string().optional(),
  force: z.boolean().optional(),
  hdfsUser: z.string().optional(),
  krbCCacheSecret: secret,
  krbConfigConfigMap: ConfigMapKeySelectorSchema.optional(),
  krbKeytabSecret: secret,
  krbRealm: z.string().optional(),
  krbServicePrincipalName: z.string().optional(),
  krbUsername: z.string().optional(),
};

export const HDFSArtifactSchema = z.strictObject({ ...hdfsConfigFields, path: z.string().optional() });

export const ArtifactoryArtifactSchema = z.strictObject({
  url: z.string().optional(),
  passwordSecret: secret,
  usernameSecret: secret,
});

export const PluginArtifactSchema = z.strictObject({
  configuration: z.string().optional(),
  connectionTimeoutSeconds: z.number().int().optional(),
  key: z.string().optional(),
  name: z.string().optional(),
});

/** The location fields; an Artifact and an ArtifactLocation both carry them. */
export const artifactLocationFields = {
  archiveLogs: z.boolean().optional(),
  artifactory: ArtifactoryArtifactSchema.optional(),
  azure: AzureArtifactSchema.optional(),
  gcs: GCSArtifactSchema.optional(),
  git: GitArtifactSchema.optional(),
  hdfs: HDFSArtifactSchema.optional(),
  http: HTTPArtifactSchema.optional(),
  oss: OSSArtifactSchema.optional(),
  plugin: PluginArtifactSchema.optional(),
  raw: RawArtifactSchema.optional(),
  s3: S3ArtifactSchema.optional(),
};

export const ArtifactLocationSchema = z.strictObject(artifactLocationFields);
export type ArtifactLocation = z.infer<typeof ArtifactLocationSchema>;

export const ArchiveStrategySchema = z.strictObject({
  none: z.strictObject({}).optional(),
  tar: z.strictObject({ compressionLevel: z.number().int().optional() }).optional(),
  zip: z.strictObject({}).optional(),
});
export type ArchiveStrategy = z.infer<typeof ArchiveStrategySchema>;

export const ArtifactGCSchema = z.strictObject({
  podMetadata: MetadataSchema.optional(),
  serviceAccountName: z.string().optional(),
  strategy: z.string().optional(),
});

export const ArtifactSchema = z.strictObject({
  name: z.string(),
  ...artifactLocationFields,
  archive: ArchiveStrategySchema.optional(),
  artifactGC: ArtifactGCSchema.optional(),
  deleted: z.boolean().optional(),
  from: z.string().optional(),
  fromExpression: z.string().optional(),
  globalName: z.string().optional(),
  mode: z.number().int().optional(),
  optional: z.boolean().optional(),
  path: z.string().optional(),
  recurseMode: z.boolean().optional(),
  subPath: z.string().optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const ArtifactRepositoryRefSchema = z.strictObject({
  configMap: z.string().optional(),
  key: z.string().optional(),
});
export type ArtifactRepositoryRef = z.infer<typeof ArtifactRepositoryRefSchema>;
