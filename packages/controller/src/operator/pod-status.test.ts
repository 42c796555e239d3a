import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { assessPod, readOutputs } from './pod-status.js';

const ctr = (name: string, state: V1ContainerStatus['state']): V1ContainerStatus => ({ name, state, ready: false, restartCount: 0, image: '', imageID: '' });
const pod = (phase: string, containers: V1ContainerStatus[], extra: Partial<V1Pod> = {}): V1Pod => ({
  metadata: { name: 'p', annotations: {} }, status: { phase, containerStatuses: containers }, ...extra,
});

describe('readOutputs', () => {
  it('reads the annotation, or a completed WorkflowTaskResult', () => {
    const p: V1Pod = { metadata: { annotations: { 'workflows.argoproj.io/outputs': '{"result":"r","exitCode":"0"}' } } };
    expect(readOutputs(p)).toEqual({ result: 'r', exitCode: '0' });
    expect(readOutputs({ metadata: {} })).toBeUndefined();
    const tr = { metadata: { labels: { 'workflows.argoproj.io/report-outputs-completed': 'true' } }, outputs: { result: 't' } };
    expect(readOutputs({ metadata: {} }, tr)).toEqual({ result: 't' });
    expect(readOutputs({ metadata: {} }, { ...tr, metadata: { labels: {} } })).toBeUndefined();
  });
});

describe('assessPod', () => {
  it('keeps a node Running while main has exited until wait has exited, even with outputs reported', () => {
    const p = pod('Running', [ctr('main', { terminated: { exitCode: 0 } }), ctr('wait', { running: {} })]);
    expect(assessPod(p, undefined, false).phase).toBe('Running');
    expect(assessPod(p, { result: 'x' }, false).phase).toBe('Running');
    const waited = pod('Running', [ctr('main', { terminated: { exitCode: 0 } }), ctr('wait', { terminated: { exitCode: 0 } })]);
    expect(assessPod(waited, { result: 'x' }, false)).toEqual({ phase: 'Succeeded', outputs: { result: 'x', exitCode: '0' } });
  });

  it('fails a node whose wait container fails after reporting (output-artifact-not-optional)', () => {
    const p = pod('Failed', [ctr('main', { terminated: { exitCode: 0 } }), ctr('wait', { terminated: { exitCode: 1, message: 'path /tmp/x does not exist' } })]);
    expect(assessPod(p, {}, false)).toMatchObject({ phase: 'Error', message: 'failed to save outputs: path /tmp/x does not exist' });
  });

  it('finishes an executor-only pod (no wait container) once it has reported', () => {
    const p = pod('Running', [ctr('main', { terminated: { exitCode: 0 } })]);
    expect(assessPod(p, undefined, false).phase).toBe('Running');
    expect(assessPod(p, { parameters: [] }, false)).toMatchObject({ phase: 'Succeeded' });
  });

  it('words failures as Argo does', () => {
    const failed = pod('Failed', [ctr('main', { terminated: { exitCode: 2 } }), ctr('wait', { terminated: { exitCode: 0 } })]);
    expect(assessPod(failed, {}, false)).toMatchObject({ phase: 'Failed', message: 'Error (exit code 2)' });
    const oom = pod('Failed', [ctr('main', { terminated: { exitCode: 137, reason: 'OOMKilled' } }), ctr('wait', { terminated: { exitCode: 0 } })]);
    expect(assessPod(oom, {}, false).message).toBe('OOMKilled (exit code 137)');
  });

  it("appends main's termination message, as Argo does (a resource template's argoexec error)", () => {
    const denied = pod('Failed', [ctr('main', { terminated: { exitCode: 1, message: 'resource create ConfigMap/test: configmaps is forbidden\n' } })]);
    expect(assessPod(denied, {}, false)).toMatchObject({ phase: 'Failed', message: 'Error (exit code 1): resource create ConfigMap/test: configmaps is forbidden' });
  });

  it('turns init and wait failures and pod-level failures into Error, in Argo\'s words', () => {
    const init = pod('Failed', [], { status: { phase: 'Failed', initContainerStatuses: [ctr('init', { terminated: { exitCode: 1, message: 'required artifact missing\n' } })] } });
    expect(assessPod(init, undefined, false)).toEqual({ phase: 'Error', message: 'failed to load artifacts: required artifact missing' });
    const silentInit = pod('Failed', [], { status: { phase: 'Failed', initContainerStatuses: [ctr('init', { terminated: { exitCode: 137 } })] } });
    expect(assessPod(silentInit, undefined, false)).toEqual({ phase: 'Error', message: 'failed to load artifacts' });
    const wait = pod('Failed', [ctr('main', { terminated: { exitCode: 0 } }), ctr('wait', { terminated: { exitCode: 1, message: 'upload failed' } })]);
    expect(assessPod(wait, undefined, false)).toMatchObject({ phase: 'Error', message: 'failed to save outputs: upload failed' });
    // A wait killed (or refused by the API) leaves no message: Argo's hint names the service account.
    const killed = pod('Failed', [ctr('main', { terminated: { exitCode: 0 } }), ctr('wait', { terminated: { exitCode: 137 } })], { metadata: { name: 'p', namespace: 'argo' }, spec: { serviceAccountName: 'runner', containers: [] } });
    expect(assessPod(killed, undefined, false)).toMatchObject({ phase: 'Error', message: 'failed to save outputs: verify serviceaccount argo:runner has necessary privileges' });
    const evicted = { metadata: { name: 'p' }, status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } } as V1Pod;
    expect(assessPod(evicted, undefined, false)).toEqual({ phase: 'Error', message: 'The node was low on resource: memory.' });
  });

  it('reports pending image errors and daemons', () => {
    const pull = pod('Pending', [ctr('main', { waiting: { reason: 'ImagePullBackOff', message: 'no such image' } })]);
    expect(assessPod(pull, undefined, false)).toEqual({ phase: 'Pending', message: 'ImagePullBackOff: no such image' });
    const daemon = pod('Running', [{ ...ctr('main', { running: {} }), ready: true }]);
    expect(assessPod(daemon, undefined, true)).toEqual({ phase: 'Running', daemoned: true });
    expect(assessPod(daemon, undefined, false)).toEqual({ phase: 'Running' });
  });
});
