import { MAX_WORKFLOW_SIZE, decompressNodes, hydrateWorkflow } from '@argo-ts/spec';
import { dehydrate, defaultMaxWorkflowSize, nodesSize, workflowSize } from './offload.js';
import { writeStatus } from './status.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';
import type { NodeStatus, Workflow, WorkflowStatus } from '../operator/model.js';

const wf: Workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'big', namespace: 'argo' }, spec: { entrypoint: 'main' } };

/** `count` Pod nodes, each with a `bytes`-long result (repetitive, so it compresses well). */
function bigNodes(count: number, bytes: number): Record<string, NodeStatus> {
  const out: Record<string, NodeStatus> = {};
  for (let i = 0; i < count; i++) {
    out[`big-${i}`] = { id: `big-${i}`, name: `big[0].n(${i})`, displayName: `n(${i})`, type: 'Pod', phase: 'Succeeded', outputs: { result: `${i}:${'x'.repeat(bytes)}` } };
  }
  return out;
}

describe('workflow size', () => {
  it('measures exactly what JSON.stringify gives, in bytes', () => {
    const nodes = { ...bigNodes(3, 10), 'ü-1': { id: 'ü-1', name: 'ü', displayName: 'ü', type: 'Pod', phase: 'Running', message: '€ sign' } } as Record<string, NodeStatus>;
    expect(nodesSize(nodes)).toBe(Buffer.byteLength(JSON.stringify(nodes)));
    expect(nodesSize({})).toBe(2);
    for (const status of [{ phase: 'Running', nodes }, { nodes }, { phase: 'Running' }] as WorkflowStatus[]) {
      expect(workflowSize(wf, status)).toBe(Buffer.byteLength(JSON.stringify({ ...wf, status })));
    }
  });

  it('reads MAX_WORKFLOW_SIZE like Argo, defaulting to 1 MiB', () => {
    expect(defaultMaxWorkflowSize({})).toBe(MAX_WORKFLOW_SIZE);
    expect(defaultMaxWorkflowSize({ MAX_WORKFLOW_SIZE: '2048' })).toBe(2048);
    expect(defaultMaxWorkflowSize({ MAX_WORKFLOW_SIZE: 'lots' })).toBe(MAX_WORKFLOW_SIZE);
  });
});

describe('dehydrate', () => {
  it('keeps a small status as it is', () => {
    const status: WorkflowStatus = { phase: 'Running', nodes: bigNodes(2, 100) };
    expect(dehydrate(wf, status)).toEqual({ status });
  });

  it('compresses the nodes of a status over the limit, and the result is under it', () => {
    const nodes = bigNodes(5, 250_000);
    const status: WorkflowStatus = { phase: 'Running', startedAt: '2026-01-01T00:00:00Z', nodes };
    expect(workflowSize(wf, status)).toBeGreaterThan(MAX_WORKFLOW_SIZE);
    const d = dehydrate(wf, status);
    expect(d.tooLarge).toBeUndefined();
    expect(d.status.nodes).toBeUndefined();
    expect(d.status).toMatchObject({ phase: 'Running', startedAt: '2026-01-01T00:00:00Z' });
    expect(JSON.stringify({ ...wf, status: d.status }).length).toBeLessThan(MAX_WORKFLOW_SIZE);
    expect(decompressNodes(d.status.compressedNodes!)).toEqual(nodes);
  });

  it('says when even the compressed workflow is too large, in Argo\'s words', () => {
    const d = dehydrate(wf, { phase: 'Running', nodes: bigNodes(5, 1000) }, 200);
    expect(d.status.compressedNodes).toBeDefined();
    expect(d.tooLarge).toMatch(/^workflow is longer than maximum allowed size\. compressed size \d+ > maxSize 200; offloading node status is not supported$/);
  });
});

describe('writeStatus with a large node status', () => {
  let api: FakeKubeApi;
  beforeEach(() => { api = new FakeKubeApi(); });

  it('stores more than 1 MB of nodes compressed, returns them plain, and they read back the same', async () => {
    const seeded = api.seed(Resources.workflows, wf as unknown as KubeObject) as unknown as Workflow;
    const nodes = bigNodes(5, 250_000);
    const res = await writeStatus(api, seeded, { phase: 'Running', nodes });
    expect(res.written?.status).toEqual({ phase: 'Running', nodes });
    const stored = await api.get<Workflow & KubeObject>(Resources.workflows, 'argo', 'big');
    expect(stored.status!.nodes).toBeUndefined();
    expect(typeof stored.status!.compressedNodes).toBe('string');
    expect(JSON.stringify(stored).length).toBeLessThan(MAX_WORKFLOW_SIZE);
    expect(hydrateWorkflow(stored).status).toEqual({ phase: 'Running', nodes });
  });

  it('errors the workflow when the compressed status is still too large', async () => {
    const seeded = api.seed(Resources.workflows, wf as unknown as KubeObject) as unknown as Workflow;
    const res = await writeStatus(api, seeded, { phase: 'Running', nodes: bigNodes(3, 1000) }, { 'workflows.argoproj.io/phase': 'Running' }, { maxSize: 200, now: () => new Date('2026-01-01T00:00:09.5Z') });
    expect(res.tooLarge).toMatch(/^workflow is longer than maximum allowed size\./);
    const stored = await api.get<Workflow & KubeObject>(Resources.workflows, 'argo', 'big');
    expect(stored.status).toMatchObject({ phase: 'Error', message: res.tooLarge, finishedAt: '2026-01-01T00:00:09Z' });
    expect(stored.metadata.labels).toMatchObject({ 'workflows.argoproj.io/phase': 'Error', 'workflows.argoproj.io/completed': 'true' });
    expect(hydrateWorkflow(stored).status!.nodes).toEqual(bigNodes(3, 1000));
  });
});
