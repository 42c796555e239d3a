/** The API server driven by @kubernetes/client-node 1.4.0, as the controller and CLI use it. */
import * as k8s from '@kubernetes/client-node';
import { startHarness, waitFor, workflow, type Harness } from './testing/harness.js';

const G = 'argoproj.io';
const V = 'v1alpha1';
const NS = 'default';
const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const strategic = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);

let h: Harness;
let custom: k8s.CustomObjectsApi;
let core: k8s.CoreV1Api;

beforeEach(async () => {
  h = await startHarness({ historySize: 50, bookmarkIntervalMs: 50 });
  custom = h.kc.makeApiClient(k8s.CustomObjectsApi);
  core = h.kc.makeApiClient(k8s.CoreV1Api);
});
afterEach(async () => {
  await h.close();
});

async function code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err) {
    return (err as { code: number }).code;
  }
  throw new Error('expected the call to fail');
}

function createWf(body: Record<string, unknown>): Promise<any> {
  return custom.createNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', body });
}

describe('workflows through CustomObjectsApi', () => {
  it('creates, reads, replaces, lists and deletes', async () => {
    const created = await createWf(workflow('wf-a', { metadata: { labels: { app: 'x' } } }));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.generation).toBe(1);
    expect(typeof created.metadata.resourceVersion).toBe('string');
    const got: any = await custom.getNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-a' });
    expect(got.spec.entrypoint).toBe('main');
    got.spec.entrypoint = 'other';
    const replaced: any = await custom.replaceNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-a', body: got });
    expect(replaced.metadata.generation).toBe(2);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    await createWf(workflow('wf-b', { metadata: { labels: { app: 'y' } } }));
    const list: any = await custom.listNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', labelSelector: 'app in (x,z)' });
    expect(list.kind).toBe('WorkflowList');
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['wf-a']);
    await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-a' });
    expect(await code(custom.getNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-a' }))).toBe(404);
  });

  it('fills generateName with a 5-character suffix', async () => {
    const a: any = await createWf({ ...workflow(''), metadata: { generateName: 'hello-' } });
    const b: any = await createWf({ ...workflow(''), metadata: { generateName: 'hello-' } });
    expect(a.metadata.name).toMatch(/^hello-[a-z0-9]{5}$/);
    expect(a.metadata.name).not.toBe(b.metadata.name);
  });

  it('answers 409 for a duplicate name and a stale resourceVersion, 404 for a missing namespace', async () => {
    const created: any = await createWf(workflow('wf-c'));
    expect(await code(createWf(workflow('wf-c')))).toBe(409);
    await custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-c', body: { metadata: { labels: { a: 'b' } } } }, merge);
    const stale = { ...created, spec: { ...created.spec, entrypoint: 'x' } };
    expect(await code(custom.replaceNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-c', body: stale }))).toBe(409);
    expect(await code(custom.createNamespacedCustomObject({ group: G, version: V, namespace: 'nope', plural: 'workflows', body: workflow('x') }))).toBe(404);
  });

  it('applies merge and JSON patches and keeps the status on main-resource writes', async () => {
    await createWf(workflow('wf-p'));
    const status = await custom.patchNamespacedCustomObjectStatus(
      { group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-p', body: { status: { phase: 'Running' }, spec: { entrypoint: 'ignored' } } }, merge);
    expect((status as any).status.phase).toBe('Running');
    expect((status as any).spec.entrypoint).toBe('main');
    expect((status as any).metadata.generation).toBe(1);
    const merged: any = await custom.patchNamespacedCustomObject(
      { group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-p', body: { metadata: { labels: { k: 'v' } }, status: { phase: 'Failed' } } }, merge);
    expect(merged.metadata.labels).toEqual({ k: 'v' });
    expect(merged.status.phase).toBe('Running');
    expect(merged.metadata.generation).toBe(1);
    const jp: any = await custom.patchNamespacedCustomObject({
      group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-p',
      body: [{ op: 'test', path: '/spec/entrypoint', value: 'main' }, { op: 'replace', path: '/spec/entrypoint', value: 'x' }, { op: 'copy', from: '/metadata/labels/k', path: '/metadata/labels/k2' }],
    });
    expect(jp.spec.entrypoint).toBe('x');
    expect(jp.metadata.labels.k2).toBe('v');
    expect(jp.metadata.generation).toBe(2);
    expect(await code(custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-p', body: { metadata: {} } }, strategic))).toBe(415);
  });

  it('does not bump the resourceVersion for a no-op write', async () => {
    const created: any = await createWf(workflow('wf-n'));
    const again: any = await custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'wf-n', body: { spec: { entrypoint: 'main' } } }, merge);
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });
});

describe('pods and configmaps through CoreV1Api', () => {
  const pod = (name: string, labels: Record<string, string> = {}): k8s.V1Pod => ({
    metadata: { name, labels },
    spec: { containers: [{ name: 'main', image: 'alpine', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }, { name: 'wait', image: 'exec' }] },
  });

  it('creates pods with status Pending and lists them with label and field selectors', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('p1', { role: 'a' }) });
    await core.createNamespacedPod({ namespace: NS, body: pod('p2', { role: 'b' }) });
    await core.patchNamespacedPodStatus({ namespace: NS, name: 'p2', body: { status: { phase: 'Running' } } }, strategic);
    const byLabel = await core.listNamespacedPod({ namespace: NS, labelSelector: 'role!=a' });
    expect(byLabel.items.map((p) => p.metadata!.name)).toEqual(['p2']);
    const byPhase = await core.listNamespacedPod({ namespace: NS, fieldSelector: 'status.phase=Pending' });
    expect(byPhase.items.map((p) => p.metadata!.name)).toEqual(['p1']);
    const byName = await core.listPodForAllNamespaces({ fieldSelector: 'metadata.name=p2' });
    expect(byName.items.map((p) => p.status!.phase)).toEqual(['Running']);
    expect(await code(core.listNamespacedPod({ namespace: NS, fieldSelector: 'spec.image=x' }))).toBe(400);
  });

  it('merges strategic patches by merge key', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('sp') });
    const patched = await core.patchNamespacedPod({
      namespace: NS, name: 'sp',
      body: { spec: { containers: [{ name: 'main', env: [{ name: 'B', value: '2' }] }] } },
    }, strategic);
    const main = patched.spec!.containers.find((c) => c.name === 'main')!;
    expect(patched.spec!.containers.map((c) => c.name)).toEqual(['main', 'wait']);
    expect(main.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(main.image).toBe('alpine');
  });

  it('folds secret stringData into base64 data on create and update', async () => {
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 's' }, stringData: { user: 'me' }, data: { raw: 'eA==' } } });
    let secret = await core.readNamespacedSecret({ namespace: NS, name: 's' });
    expect(secret.data).toEqual({ raw: 'eA==', user: Buffer.from('me').toString('base64') });
    expect(secret.stringData).toBeUndefined();
    expect(secret.type).toBe('Opaque');
    secret = await core.patchNamespacedSecret({ namespace: NS, name: 's', body: { stringData: { user: 'you' } } }, merge);
    expect(secret.data!.user).toBe(Buffer.from('you').toString('base64'));
  });

  it('gives a new namespace its default service account and name label', async () => {
    const ns = await core.createNamespace({ body: { metadata: { name: 'fresh' } } });
    expect(ns.metadata!.labels).toEqual({ 'kubernetes.io/metadata.name': 'fresh' });
    expect((await core.readNamespacedServiceAccount({ namespace: 'fresh', name: 'default' })).metadata!.name).toBe('default');
  });

  it('round-trips configmaps', async () => {
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'cm' }, data: { a: '1' } } });
    const patched = await core.patchNamespacedConfigMap({ namespace: NS, name: 'cm', body: { data: { b: '2', a: null } } }, merge);
    expect(patched.data).toEqual({ b: '2' });
    await core.deleteNamespacedConfigMap({ namespace: NS, name: 'cm' });
    expect(await code(core.readNamespacedConfigMap({ namespace: NS, name: 'cm' }))).toBe(404);
  });
});

describe('watch', () => {
  it('from a resourceVersion delivers only later events', async () => {
    await createWf(workflow('w1'));
    const list: any = await custom.listNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows' });
    await createWf(workflow('w2'));
    const seen: string[] = [];
    const watch = new k8s.Watch(h.kc);
    const req = await watch.watch(`/apis/${G}/${V}/namespaces/${NS}/workflows`, { resourceVersion: list.metadata.resourceVersion }, (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => {});
    await createWf(workflow('w3'));
    await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'w1' });
    await waitFor(() => seen.length >= 3);
    req.abort();
    expect(seen).toEqual(['ADDED w2', 'ADDED w3', 'DELETED w1']);
  });

  it('reports 410 Expired for a compacted resourceVersion', async () => {
    const first: any = await createWf(workflow('old'));
    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `c${i}` } } });
    const events: Array<{ type: string; obj: any }> = [];
    const watch = new k8s.Watch(h.kc);
    await watch.watch(`/apis/${G}/${V}/namespaces/${NS}/workflows`, { resourceVersion: first.metadata.resourceVersion }, (type, obj) => events.push({ type, obj }), () => {});
    await waitFor(() => events.length > 0);
    expect(events[0]!.type).toBe('ERROR');
    expect(events[0]!.obj.code).toBe(410);
    expect(events[0]!.obj.reason).toBe('Expired');
  });

  it('turns a selector transition into ADDED/DELETED and sends bookmarks', async () => {
    await createWf(workflow('sel'));
    const seen: string[] = [];
    const watch = new k8s.Watch(h.kc);
    const req = await watch.watch(`/apis/${G}/${V}/namespaces/${NS}/workflows`, { labelSelector: 'pick=yes', allowWatchBookmarks: true }, (type) => seen.push(type), () => {});
    const patchLabel = (v: string | null) =>
      custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'sel', body: { metadata: { labels: { pick: v } } } }, merge);
    await patchLabel('yes');
    await patchLabel(null);
    await waitFor(() => seen.includes('DELETED') && seen.includes('BOOKMARK'));
    req.abort();
    expect(seen.filter((t) => t !== 'BOOKMARK')).toEqual(['ADDED', 'DELETED']);
  });

  it('drives an informer through add, update and delete', async () => {
    const path = `/apis/${G}/${V}/namespaces/${NS}/workflows`;
    const informer = k8s.makeInformer(h.kc, path, () => custom.listNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows' }) as any);
    const seen: string[] = [];
    informer.on('add', (o: any) => seen.push(`add ${o.metadata.name}`));
    informer.on('update', (o: any) => seen.push(`update ${o.metadata.labels?.v}`));
    informer.on('delete', (o: any) => seen.push(`delete ${o.metadata.name}`));
    await informer.start();
    await createWf(workflow('inf'));
    await waitFor(() => seen.length >= 1);
    await custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'inf', body: { metadata: { labels: { v: '2' } } } }, merge);
    await waitFor(() => seen.length >= 2);
    await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'inf' });
    await waitFor(() => seen.length >= 3);
    await informer.stop();
    expect(seen).toEqual(['add inf', 'update 2', 'delete inf']);
    expect(informer.list()).toEqual([]);
  });
});

describe('deletion', () => {
  it('collects pods owned by a deleted workflow', async () => {
    const wf: any = await createWf(workflow('owner'));
    const ownerReferences = [{ apiVersion: `${G}/${V}`, kind: 'Workflow', name: 'owner', uid: wf.metadata.uid, controller: true, blockOwnerDeletion: true }];
    await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'owned', ownerReferences }, spec: { containers: [{ name: 'main', image: 'x' }] } } });
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'owned-cm', ownerReferences } } });
    await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'owner' });
    await h.server.gcIdle();
    expect(await code(core.readNamespacedPod({ namespace: NS, name: 'owned' }))).toBe(404);
    expect(await code(core.readNamespacedConfigMap({ namespace: NS, name: 'owned-cm' }))).toBe(404);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await createWf({ ...workflow('fin'), metadata: { name: 'fin', finalizers: ['example.com/x'] } });
    const marked: any = await custom.deleteNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'fin' });
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    await custom.patchNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'fin', body: { metadata: { finalizers: null } } }, merge);
    expect(await code(custom.getNamespacedCustomObject({ group: G, version: V, namespace: NS, plural: 'workflows', name: 'fin' }))).toBe(404);
  });
});
