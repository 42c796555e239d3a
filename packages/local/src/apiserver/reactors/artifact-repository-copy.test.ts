import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.js';
import { TokenSigner } from '../auth/tokens.js';
import type { ApiContext } from '../context.js';
import { createObject, updateObject } from '../objects.js';
import { NAMESPACES, RESOURCES } from '../registry.js';
import { ArtifactRepositoryCopier, COPIED_FROM_LABEL } from './artifact-repository-copy.js';

const SECRETS = RESOURCES.find((r) => r.plural === 'secrets' && r.group === '')!;
const CONFIGMAPS = RESOURCES.find((r) => r.plural === 'configmaps' && r.group === '')!;
const WRITE = { dryRun: false, fieldValidation: 'Ignore' as const };

let dir: string;
let ctx: ApiContext;
let copier: ArtifactRepositoryCopier;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-repocopy-'));
  ctx = {
    store: new Store({ dir }), podDeletionMode: 'immediate', bookmarkIntervalMs: 10_000, maxWatchSeconds: 60,
    now: () => new Date(), signer: new TokenSigner(Buffer.alloc(32, 1)), validation: 'strict',
  };
  await createObject(ctx, NAMESPACES, { metadata: { name: 'default' } }, undefined, WRITE);
  await createObject(ctx, NAMESPACES, { metadata: { name: 'before' } }, undefined, WRITE);
  copier = new ArtifactRepositoryCopier(ctx);
  await copier.start();
});
afterEach(async () => {
  copier.stop();
  await ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const cred = (ak: string) => ({ metadata: { name: 'my-minio-cred' }, type: 'Opaque', data: { accesskey: Buffer.from(ak).toString('base64'), secretkey: 'c2s=' } });
const accessKeyIn = (ns: string) => {
  const s = ctx.store.get(SECRETS.key, ns, 'my-minio-cred') as { data?: { accesskey?: string } } | undefined;
  return s?.data?.accesskey === undefined ? undefined : Buffer.from(s.data.accesskey, 'base64').toString();
};

describe('ArtifactRepositoryCopier', () => {
  it('copies the default repository credentials and ConfigMap into existing and new namespaces, labelled', async () => {
    await createObject(ctx, SECRETS, cred('ak1'), 'default', WRITE);
    await createObject(ctx, CONFIGMAPS, { metadata: { name: 'artifact-repositories' }, data: { 'default-v1': 's3: {}' } }, 'default', WRITE);
    await copier.idle();
    expect(accessKeyIn('before')).toBe('ak1');
    await createObject(ctx, NAMESPACES, { metadata: { name: 'x' } }, undefined, WRITE);
    await copier.idle();
    expect(accessKeyIn('x')).toBe('ak1');
    expect(ctx.store.get(SECRETS.key, 'x', 'my-minio-cred')?.metadata.labels).toEqual({ [COPIED_FROM_LABEL]: 'default' });
    expect(ctx.store.get(CONFIGMAPS.key, 'x', 'artifact-repositories')?.data).toEqual({ 'default-v1': 's3: {}' });
  });

  it('follows a changed original, and never touches a Secret a user made', async () => {
    await createObject(ctx, SECRETS, cred('mine'), 'before', WRITE);
    await createObject(ctx, SECRETS, cred('ak1'), 'default', WRITE);
    await createObject(ctx, NAMESPACES, { metadata: { name: 'x' } }, undefined, WRITE);
    await copier.idle();
    const original = ctx.store.get(SECRETS.key, 'default', 'my-minio-cred')!;
    await updateObject(ctx, SECRETS, original, { ...cred('ak2'), metadata: { ...original.metadata } }, WRITE);
    await copier.idle();
    expect(accessKeyIn('x')).toBe('ak2');
    expect(accessKeyIn('before')).toBe('mine');
  });
});
