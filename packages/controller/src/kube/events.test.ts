import type { NodePhase, WorkflowPhase } from '@argo-ts/spec';
import { EventRecorder, transitionEvents } from './events.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { Resources } from './resources.js';
import type { NodeStatus, Workflow, WorkflowStatus } from '../operator/model.js';

const node = (id: string, phase: NodePhase, message?: string): NodeStatus => ({ id, name: `wf.${id}`, displayName: id, type: 'Pod', phase, ...(message ? { message } : {}) });

describe('transitionEvents', () => {
  it.each<[WorkflowPhase | undefined, WorkflowStatus, Array<[string, string, string]>]>([
    [undefined, { phase: 'Running' }, [['Normal', 'WorkflowRunning', 'Workflow Running']]],
    ['Running', { phase: 'Succeeded' }, [['Normal', 'WorkflowSucceeded', 'Workflow completed']]],
    ['Running', { phase: 'Failed', message: "child 'x' failed" }, [['Warning', 'WorkflowFailed', "child 'x' failed"]]],
    ['Running', { phase: 'Error' }, [['Warning', 'WorkflowFailed', 'Workflow error']]],
    ['Running', { phase: 'Running' }, []],
  ])('%s → %j', (was, now, want) => {
    expect(transitionEvents(was === undefined ? undefined : { phase: was }, now, false).map((e) => [e.type, e.reason, e.message])).toEqual(want);
  });

  it('reports nodes whose phase changed to Running or a completed phase, once', () => {
    const before: WorkflowStatus = { phase: 'Running', nodes: { a: node('a', 'Pending'), b: node('b', 'Running'), c: node('c', 'Running') } };
    const after: WorkflowStatus = { phase: 'Running', nodes: { a: node('a', 'Running'), b: node('b', 'Running'), c: node('c', 'Failed', 'Error (exit code 1)'), d: node('d', 'Pending') } };
    expect(transitionEvents(before, after).map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'WorkflowNodeRunning', 'Running node wf.a'],
      ['Warning', 'WorkflowNodeFailed', 'Failed node wf.c: Error (exit code 1)'],
    ]);
  });
});

describe('EventRecorder', () => {
  const wf: Workflow = { metadata: { name: 'wf', namespace: 'ns', uid: 'u' }, spec: {} };

  it('drops events beyond the in-flight cap instead of queueing without bound', async () => {
    const api = new FakeKubeApi();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const create = api.create.bind(api);
    api.create = (async (...a: Parameters<FakeKubeApi['create']>) => { await gate; return create(...a); }) as FakeKubeApi['create'];
    const rec = new EventRecorder(api, 'c', undefined, 3);
    for (let i = 0; i < 5; i++) rec.record(wf, { type: 'Normal', reason: `R${i}`, message: 'm' });
    expect(rec.dropped).toBe(2);
    release();
    await rec.flush();
    expect(api.all(Resources.events).map((e: any) => e.reason)).toEqual(['R0', 'R1', 'R2']);
  });

  it('never throws when the API refuses an event', async () => {
    const api = new FakeKubeApi();
    api.failNext('create', new Error('forbidden'), 1, 'events');
    const logs: string[] = [];
    const rec = new EventRecorder(api, 'c', (m) => logs.push(m));
    rec.record(wf, { type: 'Normal', reason: 'R', message: 'm' });
    await rec.flush();
    expect(logs).toEqual(['event R on ns/wf: forbidden']);
  });
});
