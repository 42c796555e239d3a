/** A PVC the API refuses: the workflow ends as Argo's "pvc create error" (fake API, real operator). */
import { Labels } from '@argo-ts/spec';
import { startController, type RunningController } from './controller.js';
import { FakeKubeApi } from './testing/fake-api.js';
import { quiet, untilWithin } from './testing/controller-harness.js';
import { KubeApiError } from './errors.js';
import { Resources } from './resources.js';
import type { KubeObject } from './api.js';
import type { Workflow } from '../operator/model.js';

const until = untilWithin(8000);

const INVALID = 'PersistentVolumeClaim "pvc-wf-workdir" is invalid: spec.accessModes: Unsupported value: "InvalidAccessMode": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';

const workflow: Workflow = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
  metadata: { name: 'pvc-wf', namespace: 'argo', uid: 'u1' },
  spec: {
    entrypoint: 'main',
    volumeClaimTemplates: [{ metadata: { name: 'workdir' }, spec: { accessModes: ['InvalidAccessMode'], resources: { requests: { storage: '1Gi' } } } }],
    templates: [{ name: 'main', container: { image: 'alpine', command: ['true'], volumeMounts: [{ name: 'workdir', mountPath: '/mnt/vol' }] } }],
  },
} as Workflow;

describe('a PVC refused by the API', () => {
  let ctl: RunningController | undefined;
  afterEach(async () => { await ctl?.stop(); ctl = undefined; });

  it('ends the workflow in Error with "pvc create error: <API message>", creates no pod, and records WorkflowRunning then WorkflowFailed', async () => {
    const api = new FakeKubeApi();
    api.seed(Resources.workflows, workflow as unknown as KubeObject);
    api.failNext('create', new KubeApiError(422, `POST /api/v1/namespaces/argo/persistentvolumeclaims: 422 ${INVALID}`, 'Invalid', { statusMessage: INVALID }), 1, 'persistentvolumeclaims');
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    const wf = await until(() => {
      const w = api.all<Workflow & KubeObject>(Resources.workflows)[0];
      return w?.status?.phase === 'Error' ? w : undefined;
    });
    expect(wf.status).toEqual({ phase: 'Error', startedAt: expect.any(String), finishedAt: expect.any(String), message: `pvc create error: ${INVALID}` });
    expect(wf.metadata.labels).toMatchObject({ [Labels.phase]: 'Error', [Labels.completed]: 'true' });
    expect(api.all(Resources.pods)).toEqual([]);
    const events = await until(() => {
      const evs = api.all(Resources.events) as Array<{ reason: string; message: string }>;
      return evs.length >= 2 ? evs : undefined;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect((api.all(Resources.events) as Array<{ reason: string; message: string }>).map((e) => [e.reason, e.message])).toEqual([
      ['WorkflowRunning', 'Workflow Running'],
      ['WorkflowFailed', `pvc create error: ${INVALID}`],
    ]);
    expect(events.length).toBe(2);
  });

  it('retries a transient refusal instead', async () => {
    const api = new FakeKubeApi();
    api.seed(Resources.workflows, workflow as unknown as KubeObject);
    api.failNext('create', new KubeApiError(503, 'apiserver overloaded'), 1, 'persistentvolumeclaims');
    ctl = await startController({ api, namespace: 'argo', workers: 1, qps: 0, log: quiet });
    await until(() => api.all(Resources.persistentVolumeClaims).length === 1 && api.all(Resources.pods).length === 1);
    expect(api.all<Workflow & KubeObject>(Resources.workflows)[0]!.status?.phase).toBe('Running');
  });
});
