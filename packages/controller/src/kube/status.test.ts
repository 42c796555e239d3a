import { labelsChanged, sameJson, writeStatus } from './status.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { Resources } from './resources.js';
import type { Workflow } from '../operator/model.js';

function seeded(api: FakeKubeApi): Workflow {
  return api.seed(Resources.workflows, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'wf', namespace: 'argo', labels: { a: '1' } }, spec: { entrypoint: 'main' } }) as unknown as Workflow;
}

describe('writeStatus', () => {
  let api: FakeKubeApi;
  beforeEach(() => { api = new FakeKubeApi(); });

  it('writes the status subresource with the resourceVersion, then merges labels', async () => {
    const wf = seeded(api);
    const r = await writeStatus(api, wf, { phase: 'Running' }, { 'workflows.argoproj.io/phase': 'Running' });
    expect(api.calls.map((c) => c.method)).toEqual(['replaceStatus', 'patch']);
    expect(r.written?.status).toEqual({ phase: 'Running' });
    expect(r.written?.metadata.labels).toEqual({ a: '1', 'workflows.argoproj.io/phase': 'Running' });
    expect(r.written?.spec).toEqual({ entrypoint: 'main' });
  });

  it('merges spec.workflowMetadata annotations once, and not again when they are there', async () => {
    const wf = seeded(api);
    const r = await writeStatus(api, wf, { phase: 'Running' }, { a: '1' }, { annotations: { owner: 'alice' } });
    expect(api.calls.map((c) => c.method)).toEqual(['replaceStatus', 'patch']);
    expect(r.written?.metadata.annotations).toEqual({ owner: 'alice' });
    api.calls.length = 0;
    const again = await writeStatus(api, r.written!, { phase: 'Running' }, { a: '1' }, { annotations: { owner: 'alice' } });
    expect(again).toEqual({});
    expect(api.calls).toEqual([]);
  });

  it('writes nothing when status and labels are unchanged', async () => {
    const wf = seeded(api);
    const r = await writeStatus(api, { ...wf, status: { phase: 'Running', nodes: {} } }, { nodes: {}, phase: 'Running', message: undefined } as never, { a: '1' });
    expect(r).toEqual({});
    expect(api.calls).toEqual([]);
  });

  it('fails with Conflict when the workflow changed since it was read', async () => {
    const wf = seeded(api);
    await api.patch(Resources.workflows, 'argo', 'wf', { metadata: { annotations: { touched: 'yes' } } }, 'merge');
    await expect(writeStatus(api, wf, { phase: 'Running' })).rejects.toMatchObject({ code: 'Conflict' });
  });

  it('falls back to a full PUT when the CRD has no status subresource', async () => {
    api.statusSubresource = false;
    const wf = seeded(api);
    const r = await writeStatus(api, wf, { phase: 'Succeeded' }, { 'workflows.argoproj.io/completed': 'true' });
    expect(api.calls.map((c) => c.method)).toEqual(['replaceStatus', 'replace']);
    expect(r.written?.status).toEqual({ phase: 'Succeeded' });
    expect(r.written?.metadata.labels).toEqual({ a: '1', 'workflows.argoproj.io/completed': 'true' });
  });

  it('reports a deleted workflow as gone', async () => {
    const wf = seeded(api);
    await api.delete(Resources.workflows, 'argo', 'wf');
    expect(await writeStatus(api, wf, { phase: 'Running' })).toEqual({ gone: true });
  });
});

describe('sameJson / labelsChanged', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1, u: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [[1, 2], [2, 1], false],
    [{ a: [] }, { a: {} }, false],
  ])('%j vs %j', (a, b, want) => expect(sameJson(a, b)).toBe(want));

  it('only reports labels that differ', () => {
    expect(labelsChanged({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(labelsChanged({ a: '1' }, { a: '2' })).toBe(true);
    expect(labelsChanged(undefined, undefined)).toBe(false);
  });
});
