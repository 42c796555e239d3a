/** The OCI image-spec documents the client reads (only the fields used), as zod schemas. */
import { z } from 'zod';

export const MediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export const DescriptorSchema = z.looseObject({
  mediaType: z.string().optional(),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
  size: z.number().int().nonnegative(),
  platform: z.looseObject({ architecture: z.string(), os: z.string(), variant: z.string().optional() }).optional(),
});
export type Descriptor = z.infer<typeof DescriptorSchema>;

export const IndexSchema = z.looseObject({
  mediaType: z.string().optional(),
  manifests: z.array(DescriptorSchema),
});

export const ManifestSchema = z.looseObject({
  mediaType: z.string().optional(),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const nullableStrings = z.array(z.string()).nullable().optional();

/** The image configuration: what a runtime applies (ENTRYPOINT, CMD, ENV, WORKDIR, USER). */
export const ImageConfigSchema = z.looseObject({
  architecture: z.string().optional(),
  os: z.string().optional(),
  config: z.looseObject({
    Entrypoint: nullableStrings,
    Cmd: nullableStrings,
    Env: nullableStrings,
    WorkingDir: z.string().optional(),
    User: z.string().optional(),
  }).nullable().optional(),
  rootfs: z.looseObject({ type: z.string(), diff_ids: z.array(z.string()) }).optional(),
});
export type ImageConfig = z.infer<typeof ImageConfigSchema>;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** What resolving a reference gives: the platform's manifest, its digest and its configuration. */
export interface ResolvedImage {
  /** Digest of the platform manifest (what `imageID` names). */
  digest: string;
  manifest: Manifest;
  config: ImageConfig;
  /** Digest of the index the tag pointed at, when it was one. */
  indexDigest?: string;
}
