/**
 * The cron controller's kube layer against the in-memory API: real
 * informers, a fake clock, reconciles called one at a time (no workers), so
 * nothing waits for a scheduled time.
 */
import type { KubeObject } from '../kube/api.js';
import { startController, type RunningController } from '../kube/controller.js';
import { quiet, untilWithin } from '../kube/testing/controller-harness.js';
import { FakeKubeApi } from '../kube/testing/fake-api.js';
import { Resources } from '../kube/resources.js';
import { CronController } from './controller.js';
import { cronWorkflow } from './testing/sim.js';
import type { CronWorkflow } from './model.js';

const until = untilWithin(8000);
const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('CronController (fake API, fake clock)', () => {
  let api: FakeKubeApi;
  let ctl: CronController | undefined;
  let clock: Date;

  beforeEach(() => { api = new FakeKubeApi(); clock = new Date('2024-01-01T12:00:30Z'); });
  afterEach(async () => { await ctl?.stop(); ctl = undefined; });

  const cron = () => api.objects.get('/apis/argoproj.io/v1alpha1/namespaces/argo/cronworkflows/hello') as CronWorkflow & KubeObject;
  const workflows = () => [...api.objects.values()].filter((o) => o.kind === 'Workflow');

  async function started(spec: Partial<CronWorkflow['spec']>): Promise<CronController> {
    const { metadata, ...rest } = cronWorkflow(spec);
    api.seed(Resources.cronWorkflows, { ...rest, metadata: { name: metadata.name, namespace: metadata.namespace } } as KubeObject);
    ctl = new CronController({ api, now: () => clock, log: quiet, syncMs: 0 });
    ctl.start(0);
    await until(() => api.calls.filter((c) => c.method === 'watch').length >= 2);
    return ctl;
  }

  it('creates the Workflow at its time, records it, counts it when it ends and prunes history', async () => {
    const c = await started({ successfulJobsHistoryLimit: 0 });
    await c.reconcile('argo/hello');
    expect(workflows()).toEqual([]);
    clock = new Date('2024-01-01T12:01:00Z');
    await c.reconcile('argo/hello');
    const [wf] = workflows();
    expect(wf?.metadata?.name).toBe(`hello-${unix('2024-01-01T12:01:00Z')}`);
    expect(wf?.metadata?.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', name: 'hello', uid: cron().metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(cron().metadata.annotations).toEqual({ 'cronworkflows.argoproj.io/last-used-schedule': 'CRON_TZ=UTC * * * * *' });
    expect(cron().status).toEqual({
      active: [{ kind: 'Workflow', apiVersion: 'argoproj.io/v1alpha1', name: wf!.metadata!.name, namespace: 'argo', uid: wf!.metadata!.uid, resourceVersion: wf!.metadata!.resourceVersion }],
      phase: 'Active',
      lastScheduledTime: '2024-01-01T12:01:00Z',
    });
    await api.patch(Resources.workflows, 'argo', wf!.metadata!.name!, { status: { phase: 'Succeeded', finishedAt: '2024-01-01T12:01:05Z' } }, 'merge');
    clock = new Date('2024-01-01T12:01:06Z');
    // The informer delivers the change before the next look.
    await until(() => c.children('argo/hello')[0]?.status?.phase === 'Succeeded');
    await c.reconcile('argo/hello');
    expect(cron().status).toEqual({ phase: 'Active', lastScheduledTime: '2024-01-01T12:01:00Z', succeeded: 1 });
    expect(workflows()).toEqual([]);
  });

  it('records a failed creation as SubmissionError', async () => {
    const c = await started({});
    await c.reconcile('argo/hello');
    api.failNext('create', new Error('quota exceeded'), 1, 'workflows');
    clock = new Date('2024-01-01T12:01:00Z');
    await c.reconcile('argo/hello');
    expect(cron().status).toEqual({ failed: 1, conditions: [{ type: 'SubmissionError', status: 'True', message: 'Failed to submit Workflow: quota exceeded' }] });
  });

  it('records a bad schedule as SpecError and plans no run', async () => {
    const c = await started({ schedules: ['0 25 * * *'] });
    await c.reconcile('argo/hello');
    expect(cron().status).toEqual({ conditions: [{ type: 'SpecError', status: 'True', message: 'cron schedule "0 25 * * *" is malformed: hour: "25" is outside 0-23' }] });
  });
});

describe('startController runs the cron controller', () => {
  let ctl: RunningController | undefined;
  afterEach(async () => { await ctl?.stop(); ctl = undefined; });

  it('a CronWorkflow with @every 1s gets a Workflow', async () => {
    const api = new FakeKubeApi();
    const { metadata, ...rest } = cronWorkflow({ schedules: ['@every 1s'] });
    api.seed(Resources.cronWorkflows, { ...rest, metadata: { name: metadata.name, namespace: metadata.namespace } } as KubeObject);
    ctl = await startController({ api, namespace: 'argo', qps: 0, log: quiet });
    const wf = await until(() => [...api.objects.values()].find((o) => o.kind === 'Workflow' && o.metadata?.labels?.['workflows.argoproj.io/cron-workflow'] === 'hello'));
    expect(wf.metadata?.name).toMatch(/^hello-\d{10}$/);
  });
});
