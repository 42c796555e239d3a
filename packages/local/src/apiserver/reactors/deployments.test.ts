import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.js';
import type { KubeObject } from '../../store/types.js';
import { TokenSigner } from '../auth/tokens.js';
import type { ApiContext } from '../context.js';
import { deleteObject } from '../delete.js';
import { createObject, updateObject } from '../objects.js';
import { NAMESPACES, RESOURCES } from '../registry.js';
import { DeploymentController, REPLACE_ENDED_AFTER_MS } from './deployments.js';

const def = (plural: string) => RESOURCES.find((r) => r.plural === plural)!;
const WRITE = { dryRun: false, fieldValidation: 'Ignore' as const };

let dir: string;
let ctx: ApiContext;
let reactor: DeploymentController;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-deploy-'));
  ctx = {
    store: new Store({ dir }), podDeletionMode: 'immediate', bookmarkIntervalMs: 10_000, maxWatchSeconds: 60,
    now: () => new Date(), signer: new TokenSigner(Buffer.alloc(32, 1)), validation: 'strict',
  };
  await createObject(ctx, NAMESPACES, { metadata: { name: 'argo' } }, undefined, WRITE);
  await createObject(ctx, def('serviceaccounts'), { metadata: { name: 'default' } }, 'argo', WRITE);
  reactor = new DeploymentController(ctx);
  reactor.onError = (e) => { throw e; };
});
afterEach(async () => {
  reactor.stop();
  await reactor.idle();
  await ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const deployment = (replicas: number, image = 'img:1') => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'ctl' },
  spec: {
    replicas, selector: { matchLabels: { app: 'ctl' } },
    template: { metadata: { labels: { app: 'ctl' } }, spec: { containers: [{ name: 'main', image }] } },
  },
});
const pods = () => ctx.store.list(def('pods').key, 'argo').filter((p) => !p.metadata.deletionTimestamp);
const deploy = () => ctx.store.get(def('deployments').key, 'argo', 'ctl')!;

describe('DeploymentController', () => {
  it('makes replicas pods from the template, owned by the Deployment and labelled with the template hash', async () => {
    await reactor.start();
    await createObject(ctx, def('deployments'), deployment(2), 'argo', WRITE);
    await reactor.idle();
    const made = pods();
    expect(made).toHaveLength(2);
    const hash = made[0]!.metadata.labels!['pod-template-hash']!;
    expect(hash).toMatch(/^[0-9a-f]{10}$/);
    for (const p of made) {
      expect(p.metadata.name).toMatch(new RegExp(`^ctl-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'ctl', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ctl', uid: deploy().metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect((p.spec as { containers: Array<{ image: string }> }).containers[0]!.image).toBe('img:1');
    }
    expect(deploy().status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 0, unavailableReplicas: 2 });
  });

  it('keeps replicas: a deleted or ended pod is replaced, scaling down removes the surplus', async () => {
    await reactor.start();
    await createObject(ctx, def('deployments'), deployment(2), 'argo', WRITE);
    await reactor.idle();
    const [first, second] = pods() as [KubeObject, KubeObject];
    await deleteObject(ctx, def('pods'), first, { propagationPolicy: 'Background', dryRun: false });
    await reactor.idle();
    expect(pods().map((p) => p.metadata.name)).not.toContain(first.metadata.name);
    expect(pods()).toHaveLength(2);
    await updateObject(ctx, def('pods'), ctx.store.get(def('pods').key, 'argo', second.metadata.name!)!, { ...second, status: { phase: 'Failed' } }, { subresource: 'status', ...WRITE });
    await reactor.idle();
    expect(pods().filter((p) => (p.status as { phase?: string } | undefined)?.phase !== 'Failed')).toHaveLength(2);
    expect(pods().map((p) => p.metadata.name)).not.toContain(second.metadata.name);
    const d = deploy();
    await updateObject(ctx, def('deployments'), d, { ...d, spec: { ...(d.spec as object), replicas: 1 } }, WRITE);
    await reactor.idle();
    expect(pods()).toHaveLength(1);
  });

  it('replaces a pod that keeps ending at most once per REPLACE_ENDED_AFTER_MS', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    ctx.now = () => new Date(t);
    await reactor.start();
    await createObject(ctx, def('deployments'), deployment(1), 'argo', WRITE);
    await reactor.idle();
    const fail = async () => {
      const [p] = pods() as [KubeObject];
      await updateObject(ctx, def('pods'), p, { ...p, status: { phase: 'Failed' } }, { subresource: 'status', ...WRITE });
      await reactor.idle();
      return p.metadata.name;
    };
    const first = await fail();
    expect(pods().map((p) => p.metadata.name)).not.toContain(first);
    t += 1000;
    const second = await fail();
    // Within the back-off the ended pod stays; the timer brings the replacement.
    expect(pods().map((p) => p.metadata.name)).toEqual([second]);
    t += REPLACE_ENDED_AFTER_MS;
    await new Promise((r) => setTimeout(r, REPLACE_ENDED_AFTER_MS - 1000 + 200));
    await reactor.idle();
    expect(pods()).toHaveLength(1);
    expect(pods()[0]!.metadata.name).not.toBe(second);
  }, 20_000);

  it('replaces every pod when the template changes, and catches up on Deployments that exist when it starts', async () => {
    await createObject(ctx, def('deployments'), deployment(1), 'argo', WRITE);
    expect(pods()).toHaveLength(0);
    await reactor.start();
    await reactor.idle();
    const [old] = pods() as [KubeObject];
    const d = deploy();
    await updateObject(ctx, def('deployments'), d, { ...deployment(1, 'img:2'), metadata: d.metadata }, WRITE);
    await reactor.idle();
    const now = pods();
    expect(now).toHaveLength(1);
    expect(now[0]!.metadata.name).not.toBe(old.metadata.name);
    expect(now[0]!.metadata.labels!['pod-template-hash']).not.toBe(old.metadata.labels!['pod-template-hash']);
    expect((now[0]!.spec as { containers: Array<{ image: string }> }).containers[0]!.image).toBe('img:2');
  });
});
