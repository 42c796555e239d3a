import { applyActions, orderActions } from './apply.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { KubeApiError } from './errors.js';
import { Resources } from './resources.js';
import { EventRecorder } from './events.js';
import type { Action } from '../operator/types.js';
import type { Workflow } from '../operator/model.js';

const wf: Workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'wf', namespace: 'argo', uid: 'u1' }, spec: {} };
const pod = (name: string): Action => ({ type: 'createPod', pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'argo' } } });

describe('orderActions', () => {
  it('puts PVCs before pods, deletions after creations, events last, and keeps order within a kind', () => {
    const actions: Action[] = [
      { type: 'event', eventType: 'Normal', reason: 'R', message: 'm' },
      { type: 'deletePod', name: 'old' },
      pod('p1'),
      { type: 'createResource', object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'wf-vol' } } },
      pod('p2'),
      { type: 'upsertConfigMap', name: 'cache', data: { k: 'v' } },
      { type: 'annotatePod', name: 'p0', annotations: { a: 'b' } },
    ];
    expect(orderActions(actions).map((a) => a.type + ('pod' in a ? `:${a.pod.metadata?.name}` : ''))).toEqual([
      'createResource', 'createPod:p1', 'createPod:p2', 'annotatePod', 'upsertConfigMap', 'deletePod', 'event',
    ]);
  });
});

describe('applyActions', () => {
  let api: FakeKubeApi;
  beforeEach(() => { api = new FakeKubeApi(); });

  it('creates pods idempotently (AlreadyExists is success) and counts only new ones', async () => {
    api.seed(Resources.pods, { metadata: { name: 'p1', namespace: 'argo' } });
    const r = await applyActions(wf, [pod('p1'), pod('p2')], { api });
    expect(r.failures).toEqual([]);
    expect(r.podsCreated).toBe(1);
    expect(api.all(Resources.pods).map((p) => p.metadata?.name).sort()).toEqual(['p1', 'p2']);
  });

  it('treats NotFound on deletes and annotations as success', async () => {
    const r = await applyActions(wf, [
      { type: 'deletePod', name: 'nope' },
      { type: 'deleteResource', apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'nope' },
      { type: 'annotatePod', name: 'nope', annotations: { x: 'y' } },
    ], { api });
    expect(r.failures).toEqual([]);
  });

  it('creates PVCs with their own resource path and annotates pods with a merge patch', async () => {
    api.seed(Resources.pods, { metadata: { name: 'p', namespace: 'argo', annotations: { keep: '1' } } });
    await applyActions(wf, [
      { type: 'createResource', object: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'wf-data' } } },
      { type: 'annotatePod', name: 'p', annotations: { 'workflows.argoproj.io/execution': '{"deadline":"x"}' }, labels: { l: 'v' } },
    ], { api });
    expect(api.all(Resources.persistentVolumeClaims).map((p) => p.metadata?.name)).toEqual(['wf-data']);
    const p = await api.get(Resources.pods, 'argo', 'p');
    expect(p.metadata?.annotations).toEqual({ keep: '1', 'workflows.argoproj.io/execution': '{"deadline":"x"}' });
    expect(p.metadata?.labels).toEqual({ l: 'v' });
  });

  it('upserts ConfigMaps: creates when missing, merges data when present', async () => {
    let written = '';
    await applyActions(wf, [{ type: 'upsertConfigMap', name: 'memo', data: { a: '1' } }], { api, onConfigMapWritten: (ns, n) => { written = `${ns}/${n}`; } });
    await applyActions(wf, [{ type: 'upsertConfigMap', name: 'memo', data: { b: '2' }, labels: { x: 'y' } }], { api });
    const cm = await api.get<{ data?: Record<string, string>; metadata?: { labels?: Record<string, string> } }>(Resources.configMaps, 'argo', 'memo');
    expect(cm.data).toEqual({ a: '1', b: '2' });
    expect(cm.metadata?.labels).toEqual({ x: 'y' });
    expect(written).toBe('argo/memo');
  });

  it('collects failures, marking server errors transient and invalid objects permanent', async () => {
    api.failNext('create', new KubeApiError(500, 'etcd down'), 1, 'pods');
    api.failNext('create', new KubeApiError(422, 'Pod "p2" is invalid', 'Invalid'), 1, 'pods');
    const r = await applyActions(wf, [pod('p1'), pod('p2'), pod('p3')], { api, concurrency: 1 });
    expect(r.failures.map((f) => [f.action.type === 'createPod' && f.action.pod.metadata?.name, f.transient])).toEqual([['p1', true], ['p2', false]]);
    expect(r.podsCreated).toBe(1);
  });

  it('records events on the workflow and deletes the workflow last', async () => {
    api.seed(Resources.workflows, { ...wf, metadata: { ...wf.metadata } });
    const recorder = new EventRecorder(api);
    const r = await applyActions(wf, [{ type: 'deleteWorkflow' }, { type: 'event', eventType: 'Warning', reason: 'Why', message: 'because' }], { api, recorder });
    await recorder.flush();
    expect(r.workflowDeleted).toBe(true);
    const ev = api.all(Resources.events)[0] as any;
    expect(ev.involvedObject).toMatchObject({ kind: 'Workflow', name: 'wf', namespace: 'argo', uid: 'u1' });
    expect([ev.type, ev.reason, ev.message]).toEqual(['Warning', 'Why', 'because']);
    expect(api.calls.map((c) => c.method)).toEqual(['create', 'delete']);
  });
});
