/**
 * What Argo's examples assume exists, created idempotently at every start:
 * namespaces, default service accounts, the MinIO-style credentials secret,
 * the artifact repository ConfigMaps, and the bucket.
 */
import * as k8s from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { ArtifactRepositoryDefaults as D } from '@argo-ts/spec';
import { statusCode } from '../kubelet/api.js';

export const BOOTSTRAP_NAMESPACES = ['default', 'argo'] as const;

/**
 * Argo's `images` controller setting: ENTRYPOINT/CMD of images whose
 * containers omit `command` (the controller must put them after the
 * emissary). The kubelet binds the argosay shim at /argosay.
 */
export const KNOWN_IMAGES_CONFIG = stringify({ 'argoproj/argosay:v2': { entrypoint: ['/argosay'], cmd: [] } });

export interface BootstrapOptions {
  kubeConfig: k8s.KubeConfig;
  /** `host:port` of the S3 endpoint. */
  s3Endpoint: string;
  accessKey: string;
  secretKey: string;
}

export function artifactRepository(s3Endpoint: string): Record<string, unknown> {
  return {
    archiveLogs: true,
    s3: {
      bucket: D.bucket, endpoint: s3Endpoint, insecure: true,
      accessKeySecret: { name: D.secretName, key: D.accessKeyKey },
      secretKeySecret: { name: D.secretName, key: D.secretKeyKey },
    },
  };
}

export async function bootstrap(opts: BootstrapOptions): Promise<void> {
  const core = opts.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const repo = stringify(artifactRepository(opts.s3Endpoint));
  for (const namespace of BOOTSTRAP_NAMESPACES) {
    await ensure(() => core.createNamespace({ body: { metadata: { name: namespace } } }));
    await ensure(() => core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'default', namespace } } }));
    const secret = { metadata: { name: D.secretName, namespace }, type: 'Opaque', data: { [D.accessKeyKey]: b64(opts.accessKey), [D.secretKeyKey]: b64(opts.secretKey) } };
    await upsert(() => core.createNamespacedSecret({ namespace, body: secret }), () => core.replaceNamespacedSecret({ name: D.secretName, namespace, body: secret }));
    const repos = {
      metadata: { name: D.configMap, namespace, annotations: { 'workflows.argoproj.io/default-artifact-repository': D.defaultKey } },
      data: { [D.defaultKey]: repo, 'my-key': repo },
    };
    await upsert(() => core.createNamespacedConfigMap({ namespace, body: repos }), () => core.replaceNamespacedConfigMap({ name: D.configMap, namespace, body: repos }));
    const controller = { metadata: { name: D.controllerConfigMap, namespace }, data: { artifactRepository: repo, images: KNOWN_IMAGES_CONFIG } };
    await upsert(
      () => core.createNamespacedConfigMap({ namespace, body: controller }),
      () => core.replaceNamespacedConfigMap({ name: D.controllerConfigMap, namespace, body: controller }),
    );
  }
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

/** Create; an existing object is fine. */
async function ensure(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (statusCode(e) !== 409) throw e;
  }
}

/** Create, or replace when it exists (the S3 endpoint may have moved). */
async function upsert(create: () => Promise<unknown>, replace: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (statusCode(e) !== 409) throw e;
    await replace();
  }
}
