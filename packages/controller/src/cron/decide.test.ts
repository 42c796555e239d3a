import type { WorkflowPhase } from '@argo-ts/spec';
import { applySubmission, decide } from './decide.js';
import { CRON_UID, CronSim, cronWorkflow } from './testing/sim.js';

const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('scheduling', () => {
  it('creates the Workflow for a due time: name, labels, annotations, owner and status as Argo', () => {
    const sim = new CronSim(cronWorkflow({ workflowMetadata: { labels: { team: 'a' }, annotations: { note: 'x' } } }, { metadata: { labels: { 'workflows.argoproj.io/creator': 'me' } } }));
    // First sight: nothing is due yet (no runs are invented at startup); wake at the next minute.
    const first = sim.tick('2024-01-01T12:00:30Z');
    expect(first.submit).toBeUndefined();
    expect(first.wakeAt?.toISOString()).toBe('2024-01-01T12:01:00.000Z');
    const d = sim.tick('2024-01-01T12:01:00.020Z');
    expect(d.submit?.workflow).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: `hello-${unix('2024-01-01T12:01:00Z')}`,
        namespace: 'argo',
        labels: { 'workflows.argoproj.io/creator': 'me', 'workflows.argoproj.io/cron-workflow': 'hello', team: 'a' },
        annotations: { 'workflows.argoproj.io/scheduled-time': '2024-01-01T12:01:00Z', note: 'x' },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', name: 'hello', uid: CRON_UID, controller: true, blockOwnerDeletion: true }],
      },
      spec: sim.cron.spec.workflowSpec,
    });
    expect(d.annotations).toEqual({ 'cronworkflows.argoproj.io/last-used-schedule': 'CRON_TZ=UTC * * * * *' });
    expect(sim.cron.status).toEqual({
      active: [{ kind: 'Workflow', apiVersion: 'argoproj.io/v1alpha1', name: `hello-${unix('2024-01-01T12:01:00Z')}`, namespace: 'argo', uid: 'wf-uid-1' }],
      phase: 'Active',
      lastScheduledTime: '2024-01-01T12:01:00Z',
    });
    expect(d.wakeAt?.toISOString()).toBe('2024-01-01T12:02:00.000Z');
  });

  it('@every 2s runs every two seconds from when it was first seen', () => {
    const sim = new CronSim(cronWorkflow({ schedules: ['@every 2s'] }));
    sim.tick('2024-01-01T00:00:00.400Z');
    expect(sim.runUntil('2024-01-01T00:00:06Z')).toEqual(['2024-01-01T00:00:02.000Z', '2024-01-01T00:00:04.000Z', '2024-01-01T00:00:06.000Z']);
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T00:00:02Z')}`, `hello-${unix('2024-01-01T00:00:04Z')}`, `hello-${unix('2024-01-01T00:00:06Z')}`]);
  });

  it('@every keeps its cadence however often the CronWorkflow is looked at in between', () => {
    const sim = new CronSim(cronWorkflow({ schedules: ['@every 2s'] }));
    sim.tick('2024-01-01T00:00:00.400Z');
    // Events (its Workflows changing, status writes) make the controller look between runs.
    for (const t of ['00:00:01.5', '00:00:02.1', '00:00:03.2', '00:00:03.9', '00:00:04.05', '00:00:05.5', '00:00:06.0']) sim.tick(`2024-01-01T${t}Z`);
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T00:00:02Z')}`, `hello-${unix('2024-01-01T00:00:04Z')}`, `hello-${unix('2024-01-01T00:00:06Z')}`]);
    expect(sim.last?.wakeAt?.toISOString()).toBe('2024-01-01T00:00:08.000Z');
  });

  it('runs the latest due time once when it looks late, and a duplicate submission is no error', () => {
    const sim = new CronSim(cronWorkflow({}));
    sim.tick('2024-01-01T12:00:30Z');
    const d = sim.tick('2024-01-01T12:03:10Z');
    expect(d.submit?.scheduledTime.toISOString()).toBe('2024-01-01T12:03:00.000Z');
    sim.cursor = { ...sim.cursor!, at: new Date('2024-01-01T12:02:30Z') };
    const again = sim.tick('2024-01-01T12:03:20Z');
    expect(again.submit?.workflow.metadata.name).toBe(`hello-${unix('2024-01-01T12:03:00Z')}`);
    expect(sim.created).toHaveLength(1);
    expect(sim.cron.status?.conditions).toBeUndefined();
  });
});

describe('concurrencyPolicy', () => {
  function withRunning(policy?: string): CronSim {
    const sim = new CronSim(cronWorkflow(policy ? { concurrencyPolicy: policy } : {}));
    sim.tick('2024-01-01T12:00:30Z');
    sim.tick('2024-01-01T12:01:00Z');
    expect(sim.created).toHaveLength(1);
    return sim;
  }

  it('Allow (the default) runs beside an active Workflow', () => {
    const sim = withRunning();
    const d = sim.tick('2024-01-01T12:02:00Z');
    expect(d.actions).toEqual([]);
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:01:00Z')}`, `hello-${unix('2024-01-01T12:02:00Z')}`]);
    expect(sim.cron.status?.active?.map((r) => r.name)).toEqual(sim.created);
  });

  it('Forbid skips while one is active, and runs again once it finished', () => {
    const sim = withRunning('Forbid');
    const d = sim.tick('2024-01-01T12:02:00Z');
    expect(d.submit).toBeUndefined();
    expect(d.actions).toEqual([]);
    expect(d.log).toContain("hello has 'ConcurrencyPolicy: Forbid' and has an active Workflow so it was not run");
    expect(sim.cron.status?.lastScheduledTime).toBe('2024-01-01T12:01:00Z');
    sim.setPhase(sim.created[0]!, 'Succeeded', new Date('2024-01-01T12:02:30Z'));
    sim.tick('2024-01-01T12:02:31Z');
    expect(sim.cron.status).toMatchObject({ succeeded: 1, phase: 'Active' });
    expect(sim.cron.status?.active).toBeUndefined();
    sim.tick('2024-01-01T12:03:00Z');
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:01:00Z')}`, `hello-${unix('2024-01-01T12:03:00Z')}`]);
  });

  it('Replace terminates the active Workflow, then creates the new one', () => {
    const sim = withRunning('Replace');
    const d = sim.tick('2024-01-01T12:02:00Z');
    expect(d.actions).toEqual([{ type: 'terminate', name: `hello-${unix('2024-01-01T12:01:00Z')}` }]);
    expect(d.submit?.workflow.metadata.name).toBe(`hello-${unix('2024-01-01T12:02:00Z')}`);
    // The terminated one ends Failed; the next sync drops it from active and counts it.
    sim.tick('2024-01-01T12:02:05Z');
    expect(sim.cron.status).toMatchObject({ failed: 1, active: [{ name: `hello-${unix('2024-01-01T12:02:00Z')}` }] });
  });
});

describe('missed runs and startingDeadlineSeconds', () => {
  const afterRestart = (deadline: number | undefined, schedule = '0 * * * *', lastUsed = 'CRON_TZ=UTC 0 * * * *') => new CronSim(cronWorkflow(
    { schedules: [schedule], ...(deadline === undefined ? {} : { startingDeadlineSeconds: deadline }) },
    { metadata: { annotations: { 'cronworkflows.argoproj.io/last-used-schedule': lastUsed } }, status: { lastScheduledTime: '2024-01-01T12:00:00Z', phase: 'Active' } },
  ));

  it('runs the latest missed time once when the controller comes back within the deadline', () => {
    const sim = afterRestart(600);
    // Down from before 13:00 until 13:05: the 13:00 run is 5 minutes late, within 10 minutes.
    const d = sim.tick('2024-01-01T13:05:00Z');
    expect(d.log).toContain('hello missed an execution at 2024-01-01T13:00:00.000Z and is within StartingDeadline');
    expect(d.submit?.workflow.metadata.annotations?.['workflows.argoproj.io/scheduled-time']).toBe('2024-01-01T13:00:00Z');
    expect(sim.cron.status?.lastScheduledTime).toBe('2024-01-01T13:00:00Z');
    // Only once: the next look finds nothing missed.
    expect(sim.tick('2024-01-01T13:05:01Z').submit).toBeUndefined();
  });

  it('runs nothing beyond the deadline, without a deadline, or right after the schedule was edited', () => {
    expect(afterRestart(60).tick('2024-01-01T13:05:00Z').submit).toBeUndefined();
    expect(afterRestart(undefined).tick('2024-01-01T13:05:00Z').submit).toBeUndefined();
    expect(afterRestart(600, '0 * * * *', 'CRON_TZ=UTC 30 * * * *').tick('2024-01-01T13:05:00Z').submit).toBeUndefined();
    const late = afterRestart(60);
    const d = late.tick('2024-01-01T13:05:00Z');
    expect(d.wakeAt?.toISOString()).toBe('2024-01-01T14:00:00.000Z');
    expect(late.runUntil('2024-01-01T14:00:00Z')).toEqual(['2024-01-01T14:00:00.000Z']);
    expect(late.created).toEqual([`hello-${unix('2024-01-01T14:00:00Z')}`]);
  });

  it('a run skipped by Forbid starts late once the active one finished, within the deadline', () => {
    const sim = new CronSim(cronWorkflow({ concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 30 }));
    sim.tick('2024-01-01T12:00:30Z');
    sim.tick('2024-01-01T12:01:00Z');
    sim.tick('2024-01-01T12:02:00Z');
    sim.setPhase(sim.created[0]!, 'Succeeded', new Date('2024-01-01T12:02:10Z'));
    const d = sim.tick('2024-01-01T12:02:10Z');
    expect(d.submit?.workflow.metadata.name).toBe(`hello-${unix('2024-01-01T12:02:00Z')}`);
  });
});

describe('history limits', () => {
  it('deletes the oldest finished Workflows beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1)', () => {
    const sim = new CronSim(cronWorkflow({}));
    const add = (name: string, phase: WorkflowPhase, min: number) => sim.children.push({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: {},
      metadata: { name, uid: name, labels: { 'workflows.argoproj.io/cron-workflow': 'hello' } },
      status: { phase, finishedAt: `2024-01-01T12:0${min}:00Z` },
    });
    add('s1', 'Succeeded', 1); add('s2', 'Succeeded', 5); add('s3', 'Succeeded', 3); add('s4', 'Succeeded', 4); add('s5', 'Succeeded', 2);
    add('f1', 'Failed', 1); add('e2', 'Error', 3); add('f3', 'Failed', 2);
    add('r1', 'Running', 0);
    const d = sim.tick('2024-01-01T12:10:30Z');
    expect(d.actions).toEqual([
      { type: 'delete', name: 's5', reason: "CronWorkflow 'hello' successful history limit" },
      { type: 'delete', name: 's1', reason: "CronWorkflow 'hello' successful history limit" },
      { type: 'delete', name: 'f3', reason: "CronWorkflow 'hello' failed history limit" },
      { type: 'delete', name: 'f1', reason: "CronWorkflow 'hello' failed history limit" },
    ]);
    expect(sim.children.map((c) => c.metadata.name)).toEqual(['s2', 's3', 's4', 'e2', 'r1']);
    sim.cron = { ...sim.cron, spec: { ...sim.cron.spec, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5 } };
    expect(sim.tick('2024-01-01T12:10:40Z').actions.map((a) => a.name)).toEqual(['s2', 's4', 's3']);
  });
});

describe('time zones', () => {
  it('follows America/Los_Angeles across the spring-forward change: 02:00 does not exist on March 8', () => {
    const sim = new CronSim(cronWorkflow({ schedules: ['0 2 * * *'], timezone: 'America/Los_Angeles' }));
    sim.tick('2020-03-06T12:00:00Z');
    sim.runUntil('2020-03-10T12:00:00Z');
    expect(sim.scheduledTimes()).toEqual(['2020-03-07T02:00:00-08:00', '2020-03-09T02:00:00-07:00', '2020-03-10T02:00:00-07:00']);
  });

  it('runs twice in the hour that repeats when the clock falls back, with two names', () => {
    const sim = new CronSim(cronWorkflow({ schedules: ['59 1 * * *'], timezone: 'America/Los_Angeles' }));
    sim.tick('2020-10-31T12:00:00Z');
    sim.runUntil('2020-11-02T12:00:00Z');
    expect(sim.scheduledTimes()).toEqual(['2020-11-01T01:59:00-07:00', '2020-11-01T01:59:00-08:00', '2020-11-02T01:59:00-08:00']);
    expect(new Set(sim.created).size).toBe(3);
  });
});

describe('suspend, when and stopStrategy', () => {
  it('suspend skips scheduled times; resume runs the next one', () => {
    const sim = new CronSim(cronWorkflow({ suspend: true }));
    sim.tick('2024-01-01T12:00:30Z');
    const d = sim.tick('2024-01-01T12:01:00Z');
    expect(d.submit).toBeUndefined();
    expect(d.log).toContain('hello is suspended, skipping execution');
    expect(d.wakeAt?.toISOString()).toBe('2024-01-01T12:02:00.000Z');
    sim.cron = { ...sim.cron, spec: { ...sim.cron.spec, suspend: false } };
    expect(sim.tick('2024-01-01T12:01:30Z').submit).toBeUndefined();
    sim.tick('2024-01-01T12:02:00Z');
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:02:00Z')}`]);
  });

  it('when false skips a run; its cronworkflow.* variables are those of the moment', () => {
    const sim = new CronSim(cronWorkflow({ when: '{{= cronworkflow.lastScheduledTime == nil }}' }));
    sim.tick('2024-01-01T12:00:30Z');
    sim.tick('2024-01-01T12:01:00Z');
    const d = sim.tick('2024-01-01T12:02:00Z');
    expect(d.submit).toBeUndefined();
    expect(d.log).toContain('hello: when is false, skipping execution');
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:01:00Z')}`]);

    const byCount = new CronSim(cronWorkflow({ when: '{{cronworkflow.failed}} == 0', concurrencyPolicy: 'Forbid' }, { status: { failed: 1 } }));
    byCount.tick('2024-01-01T12:00:30Z');
    expect(byCount.tick('2024-01-01T12:01:00Z').submit).toBeUndefined();
  });

  it("Argo's documented `when` (time since the last run, with now()) evaluates at the decision's time", () => {
    // now() is the time the decision is made (never the wall clock): 60 s after a run the next is skipped, 420 s after it runs.
    const sim = new CronSim(cronWorkflow({ when: '{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}' }));
    sim.tick('2024-01-01T12:00:30Z');
    sim.tick('2024-01-01T12:01:00Z');
    const skipped = sim.tick('2024-01-01T12:02:00Z');
    expect(skipped.log).toContain('hello: when is false, skipping execution');
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:01:00Z')}`]);
    sim.tick('2024-01-01T12:08:00Z');
    expect(sim.created).toEqual([`hello-${unix('2024-01-01T12:01:00Z')}`, `hello-${unix('2024-01-01T12:08:00Z')}`]);
    expect(sim.cron.status?.conditions).toBeUndefined();
  });

  it('a `when` that does not evaluate is a SubmissionError', () => {
    const sim = new CronSim(cronWorkflow({ when: '1 +' }));
    sim.tick('2024-01-01T12:00:30Z');
    sim.tick('2024-01-01T12:01:00Z');
    expect(sim.cron.status?.failed).toBe(1);
    expect(sim.cron.status?.conditions?.[0]).toMatchObject({ type: 'SubmissionError', status: 'True' });
    expect(sim.cron.status?.conditions?.[0]?.message).toMatch(/^run policy error: /);
  });

  it('stopStrategy ends the schedule once its expression holds', () => {
    const sim = new CronSim(cronWorkflow({ stopStrategy: { expression: 'cronworkflow.succeeded >= 2' } }));
    sim.tick('2024-01-01T12:00:30Z');
    for (const t of ['12:01', '12:02']) {
      sim.tick(`2024-01-01T${t}:00Z`);
      sim.setPhase(sim.created[sim.created.length - 1]!, 'Succeeded', new Date(`2024-01-01T${t}:30Z`));
    }
    const d = sim.tick('2024-01-01T12:02:40Z');
    expect(sim.cron.status).toMatchObject({ phase: 'Stopped', succeeded: 2 });
    expect(d.labels).toEqual({ 'workflows.argoproj.io/cron-workflow-completed': 'true' });
    expect(d.wakeAt).toBeUndefined();
    expect(sim.tick('2024-01-01T12:03:00Z').submit).toBeUndefined();
    expect(sim.created).toHaveLength(2);
  });
});

describe('conditions', () => {
  it('a bad schedule gives SpecError with Argo-style wording and schedules nothing; fixing it clears it', () => {
    const sim = new CronSim(cronWorkflow({ schedules: ['61 * * * *'] }));
    const d = sim.tick('2024-01-01T12:00:30Z');
    expect(sim.cron.status?.conditions).toEqual([{ type: 'SpecError', status: 'True', message: 'cron schedule "61 * * * *" is malformed: minute: "61" is outside 0-59' }]);
    expect(d.wakeAt).toBeUndefined();
    expect(sim.tick('2024-01-01T12:01:00Z').submit).toBeUndefined();
    sim.cron = { ...sim.cron, spec: { ...sim.cron.spec, schedules: ['* * * * *'] } };
    sim.tick('2024-01-01T12:01:30Z');
    expect(sim.cron.status?.conditions).toBeUndefined();
    sim.tick('2024-01-01T12:02:00Z');
    expect(sim.created).toHaveLength(1);
  });

  it('a bad workflowSpec is a SpecError naming the template', () => {
    const sim = new CronSim(cronWorkflow({ workflowSpec: { entrypoint: 'nope', templates: [{ name: 'main', container: { image: 'alpine' } }] } }));
    sim.tick('2024-01-01T12:00:30Z');
    expect(sim.cron.status?.conditions?.[0]?.message).toMatch(/^cannot validate Workflow: entrypoint: /);
  });

  it('a failed creation is a SubmissionError and counts as failed; the next success clears it', () => {
    const sim = new CronSim(cronWorkflow({}));
    sim.tick('2024-01-01T12:00:30Z');
    sim.failNextCreate = 'admission webhook denied the request';
    sim.tick('2024-01-01T12:01:00Z');
    expect(sim.cron.status).toEqual({ failed: 1, conditions: [{ type: 'SubmissionError', status: 'True', message: 'Failed to submit Workflow: admission webhook denied the request' }] });
    sim.tick('2024-01-01T12:02:00Z');
    expect(sim.cron.status?.conditions).toBeUndefined();
    expect(sim.cron.status?.lastScheduledTime).toBe('2024-01-01T12:02:00Z');
  });

  it('a duplicate is no error: only its scheduled time is recorded (an earlier try created it), never moved back', () => {
    const d = decide({ cron: cronWorkflow({}), children: [], now: new Date('2024-01-01T12:01:00Z'), since: new Date('2024-01-01T12:00:30Z') });
    expect(applySubmission(d.status, d.submit!, { alreadyExists: true })).toEqual({ lastScheduledTime: '2024-01-01T12:01:00Z' });
    const later = { phase: 'Active', lastScheduledTime: '2024-01-01T12:05:00Z' };
    expect(applySubmission(later, d.submit!, { alreadyExists: true })).toEqual(later);
  });
});
