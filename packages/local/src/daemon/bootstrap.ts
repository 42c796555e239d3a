/**
 * What Argo's examples assume exists, created idempotently at every start:
 * namespaces, default service accounts, the MinIO-style credentials secret,
 * the artifact repository ConfigMaps, and the bucket.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { connectionFromKubeConfig, isCode, KubeClient } from '@argo-ts/spec/kube';
import { stringify } from 'yaml';
import { ArtifactRepositoryDefaults as D } from '@argo-ts/spec';

export const BOOTSTRAP_NAMESPACES = ['default', 'argo'] as const;

/**
 * Argo's `images` controller setting: ENTRYPOINT/CMD of images whose
 * containers omit `command` (the controller must put them after the
 * emissary). The kubelet binds the argosay shim at /argosay.
 */
export const KNOWN_IMAGES_CONFIG = stringify({ 'argoproj/argosay:v2': { entrypoint: ['/argosay'], cmd: [] } });

export interface BootstrapOptions {
  kubeConfig: KubeConfig;
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
  const client = new KubeClient(connectionFromKubeConfig(opts.kubeConfig));
  const create = (path: string, body: unknown) => () => client.json({ method: 'POST', path, body });
  const replace = (path: string, body: unknown) => () => client.json({ method: 'PUT', path, body });
  const repo = stringify(artifactRepository(opts.s3Endpoint));
  for (const namespace of BOOTSTRAP_NAMESPACES) {
    const ns = `/api/v1/namespaces/${namespace}`;
    await ensure(create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }));
    await ensure(create(`${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }));
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: D.secretName, namespace }, type: 'Opaque', data: { [D.accessKeyKey]: b64(opts.accessKey), [D.secretKeyKey]: b64(opts.secretKey) } };
    await upsert(create(`${ns}/secrets`, secret), replace(`${ns}/secrets/${D.secretName}`, secret));
    const repos = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: D.configMap, namespace, annotations: { 'workflows.argoproj.io/default-artifact-repository': D.defaultKey } },
      data: { [D.defaultKey]: repo, 'my-key': repo },
    };
    await upsert(create(`${ns}/configmaps`, repos), replace(`${ns}/configmaps/${D.configMap}`, repos));
    const controller = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: D.controllerConfigMap, namespace }, data: { artifactRepository: repo, images: KNOWN_IMAGES_CONFIG } };
    await upsert(create(`${ns}/configmaps`, controller), replace(`${ns}/configmaps/${D.controllerConfigMap}`, controller));
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
    if (!isCode(e, 'AlreadyExists')) throw e;
  }
}

/** Create, or replace when it exists (the S3 endpoint may have moved). */
async function upsert(create: () => Promise<unknown>, replace: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (!isCode(e, 'AlreadyExists')) throw e;
    await replace();
  }
}
