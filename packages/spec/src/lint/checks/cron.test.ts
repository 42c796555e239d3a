import { loadManifests } from '../../yaml/load.js';
import { formatProblem } from '../../yaml/problem.js';
import { lintObjects } from '../index.js';

function lint(spec: string, name = 'hello', strict = true): string[] {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: ${name}
spec:
${spec}  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: alpine, command: [echo, hi]}
`;
  const { documents, problems } = loadManifests(text, 'cron.yaml');
  expect(problems).toEqual([]);
  return lintObjects(documents, { strict }).problems.map(formatProblem);
}

describe('CronWorkflow lint', () => {
  it('accepts schedules, a time zone and the options', () => {
    expect(lint('  schedules: ["0 2 * * *", "@every 30s", "@hourly"]\n  timezone: America/Los_Angeles\n  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 60\n')).toEqual([]);
  });

  it('refuses v3 "schedule" with the v4 spelling, strict or not', () => {
    const expected = ['cron.yaml:6:3: spec.schedule: "schedule" was replaced by the list "schedules" (Argo v4 no longer reads "schedule"): write schedules: ["* * * * *"]'];
    expect(lint('  schedule: "* * * * *"\n')).toEqual(expected);
    expect(lint('  schedule: "* * * * *"\n', 'hello', false)).toEqual(expected);
  });

  it('names the schedule, its index and what is wrong', () => {
    expect(lint('  schedules: ["0 2 * * *", "61 * * * *", "@every soon"]\n')).toEqual([
      'cron.yaml:6:28: spec.schedules[1]: cron schedule "61 * * * *" is malformed: minute: "61" is outside 0-59',
      'cron.yaml:6:42: spec.schedules[2]: cron schedule "@every soon" is malformed: failed to parse duration @every soon: time: invalid duration "soon"',
    ]);
  });

  it('refuses an unknown time zone once, an empty list, a bad policy and a long name', () => {
    expect(lint('  schedules: ["0 2 * * *"]\n  timezone: Mars/Olympus\n')).toEqual([
      'cron.yaml:7:3: spec.timezone: expected an IANA time zone such as "America/Los_Angeles": provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
    ]);
    expect(lint('  schedules: []\n')).toEqual(['cron.yaml:6:3: spec.schedules: expected at least one cron schedule']);
    expect(lint('  schedules: ["@daily"]\n  concurrencyPolicy: Sometimes\n  startingDeadlineSeconds: -1\n')).toEqual([
      'cron.yaml:7:3: spec.concurrencyPolicy: expected one of Allow, Forbid, Replace, got "Sometimes"',
      'cron.yaml:8:3: spec.startingDeadlineSeconds: must not be negative',
    ]);
    const long = 'x'.repeat(53);
    expect(lint('  schedules: ["@daily"]\n', long)).toEqual([`cron.yaml:4:3: metadata.name: cron workflow name "${long}" must not be more than 52 characters long (currently 53)`]);
  });
});
