import type { KubeObject } from '../types.js';
import { describeCron, lastRunCell, nextRunCell, schedulesCell } from './cron.js';

const now = new Date('2024-01-01T12:00:30Z');
const cron = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow',
  metadata: { name: 'hello', namespace: 'argo', creationTimestamp: '2024-01-01T11:00:00Z' },
  spec: { workflowSpec: {}, ...spec }, ...(status ? { status } : {}),
});

describe('argo cron list cells', () => {
  it('LAST RUN and NEXT RUN from now; N/A when there is none', () => {
    const c = cron({ schedules: ['*/5 * * * *', '0 13 * * *'], timezone: 'UTC' }, { lastScheduledTime: '2024-01-01T12:00:00Z' });
    expect([lastRunCell(c, now), nextRunCell(c, now), schedulesCell(c)]).toEqual(['30s', '4m', '*/5 * * * *,0 13 * * *']);
    expect(nextRunCell(cron({ schedules: ['@every 2s'] }), now)).toBe('2s');
    expect(lastRunCell(cron({ schedules: ['@hourly'] }), now)).toBe('N/A');
    // A schedule that does not parse has no next run.
    expect(nextRunCell(cron({ schedules: ['61 * * * *'] }), now)).toBe('N/A');
  });

  it('the next run honours the time zone', () => {
    // 09:00 in Paris (UTC+1 in January) is 08:00 UTC the next day.
    expect(nextRunCell(cron({ schedules: ['0 9 * * *'], timezone: 'Europe/Paris' }), now)).toBe('19h');
  });
});

describe('argo cron get', () => {
  it('prints the fields Argo prints, in its order', () => {
    const text = describeCron(cron(
      { schedules: ['* * * * *'], timezone: 'UTC', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 10, workflowSpec: { arguments: { parameters: [{ name: 'x', value: '1' }] } } },
      { lastScheduledTime: '2024-01-01T12:00:00Z', active: [{ name: 'hello-1704110400' }], conditions: [{ type: 'SubmissionError', status: 'True', message: 'Failed to submit Workflow: boom' }] },
    ), now);
    const keys = text.split('\n').map((l) => l.slice(0, 31).trim());
    expect(keys).toEqual(['Name:', 'Namespace:', 'Created:', 'Schedules:', 'Suspended:', 'Timezone:', 'StartingDeadlineSeconds:', 'ConcurrencyPolicy:', 'LastScheduledTime:', 'NextScheduledTime:', 'Active Workflows:', 'Conditions:', '✖ SubmissionError', 'Workflow Parameters:', 'x:']);
    expect(text).toMatch(/^NextScheduledTime: +.* \(in 30 seconds\)$/m);
    expect(text).toMatch(/^LastScheduledTime: +.* \(30 seconds ago\)$/m);
    expect(text).toMatch(/^Active Workflows: +hello-1704110400$/m);
    expect(text).toMatch(/^✖ SubmissionError +Failed to submit Workflow: boom$/m);
  });
});
