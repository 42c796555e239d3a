import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../store/store.js';
import { TokenSigner } from '../auth/tokens.js';
import type { ApiContext } from '../context.js';
import { createObject } from '../objects.js';
import { NAMESPACES, RESOURCES } from '../registry.js';
import { NamespaceBootstrap } from './namespace-bootstrap.js';

const key = (plural: string) => RESOURCES.find((r) => r.plural === plural)!.key;
const WRITE = { dryRun: false, fieldValidation: 'Ignore' as const };

let dir: string;
let ctx: ApiContext;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-nsboot-'));
  ctx = {
    store: new Store({ dir }), podDeletionMode: 'immediate', bookmarkIntervalMs: 10_000, maxWatchSeconds: 60,
    now: () => new Date(), signer: new TokenSigner(Buffer.alloc(32, 1)), validation: 'strict',
  };
});
afterEach(async () => {
  await ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bootstrapped = (ns: string) => ({
  serviceAccount: ctx.store.get(key('serviceaccounts'), ns, 'default')?.metadata.name,
  bindings: ctx.store.list(key('rolebindings'), ns).map((b) => b.metadata.name).sort(),
});

describe('NamespaceBootstrap', () => {
  it('is the only thing that bootstraps a namespace: the write path creates nothing else', async () => {
    await createObject(ctx, NAMESPACES, { metadata: { name: 'bare' } }, undefined, WRITE);
    expect(bootstrapped('bare')).toEqual({ serviceAccount: undefined, bindings: [] });
  });

  it('gives a new namespace its default ServiceAccount and bindings by reacting to its creation', async () => {
    const reactor = new NamespaceBootstrap(ctx);
    await reactor.start();
    await createObject(ctx, NAMESPACES, { metadata: { name: 'team' } }, undefined, WRITE);
    await reactor.idle();
    expect(bootstrapped('team')).toEqual({ serviceAccount: 'default', bindings: ['argo-ts-executor-default'] });
    reactor.stop();
  });

  it('catches up on namespaces that exist when it starts, and skips one being deleted', async () => {
    await createObject(ctx, NAMESPACES, { metadata: { name: 'old' } }, undefined, WRITE);
    await createObject(ctx, NAMESPACES, { metadata: { name: 'going' } }, undefined, WRITE);
    const going = ctx.store.get(NAMESPACES.key, undefined, 'going')!;
    await ctx.store.put(NAMESPACES.key, { ...going, metadata: { ...going.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }).durable;
    const reactor = new NamespaceBootstrap(ctx);
    await reactor.start();
    expect(bootstrapped('old')).toEqual({ serviceAccount: 'default', bindings: ['argo-ts-executor-default'] });
    expect(bootstrapped('going')).toEqual({ serviceAccount: undefined, bindings: [] });
    reactor.stop();
  });
});
