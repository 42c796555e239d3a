/**
 * Custom metrics (`metrics.prometheus`): emitted once when their node or the workflow completes,
 * with the variables of that moment, filtered by `when`; mistakes become Warning events.
 */
import { parse } from 'yaml';
import type { Workflow } from './model.js';
import type { Action, CustomMetric } from './types.js';
import { Simulator } from './testing/simulator.js';

function run(yaml: string, exitCode = 0, inPlace = false): { metrics: CustomMetric[]; warnings: string[]; sim: Simulator } {
  const sim = new Simulator({ ...(parse(yaml) as Workflow), metadata: { name: 'wf' } }, () => ({ exitCode, outputs: { parameters: [{ name: 'score', value: '0.93' }] } }));
  sim.inPlace = inPlace;
  const actions: Action[] = [];
  const step = sim.step.bind(sim);
  sim.step = () => { const r = step(); actions.push(...r.actions); return r; };
  sim.run();
  return {
    sim,
    metrics: actions.filter((a): a is Extract<Action, { type: 'metric' }> => a.type === 'metric').map((a) => a.metric),
    warnings: actions.filter((a): a is Extract<Action, { type: 'event' }> => a.type === 'event' && a.reason === 'MetricEmissionFailed').map((a) => a.message),
  };
}

const WF = (templateMetrics: string, specMetrics = '') => `
spec:
  entrypoint: main
  arguments: {parameters: [{name: team, value: data}]}
${specMetrics}
  templates:
  - name: main
    steps:
    - - {name: train, template: train, arguments: {parameters: [{name: model, value: m1}]}}
  - name: train
    inputs: {parameters: [{name: model}]}
    outputs: {parameters: [{name: score, valueFrom: {path: /tmp/score}}]}
${templateMetrics}
    container: {image: alpine, command: [sh, -c, 'exit 0']}
`;

describe('custom metrics', () => {
  it('emits template metrics once, when the node completes, with its status, inputs, outputs and exit code', () => {
    const { metrics, sim } = run(WF(`    metrics:
      prometheus:
      - name: train_runs
        help: Runs by model and status
        labels: [{key: model, value: '{{inputs.parameters.model}}'}, {key: status, value: '{{status}}'}, {key: team, value: '{{workflow.parameters.team}}'}]
        counter: {value: '1'}
      - name: train_score
        help: Last score
        labels: [{key: model, value: '{{inputs.parameters.model}}'}]
        gauge: {value: '{{outputs.parameters.score}}', realtime: false}
      - name: train_exit
        help: Exit codes
        histogram: {value: '{{exitCode}}', buckets: [0, 1, 2]}`));
    expect(sim.wf.status!.phase).toBe('Succeeded');
    expect(metrics).toEqual([
      { name: 'train_runs', help: 'Runs by model and status', kind: 'counter', labels: { model: 'm1', status: 'Succeeded', team: 'data' }, value: 1 },
      { name: 'train_score', help: 'Last score', kind: 'gauge', labels: { model: 'm1' }, value: 0.93 },
      { name: 'train_exit', help: 'Exit codes', kind: 'histogram', labels: {}, value: 0, buckets: [0, 1, 2] },
    ]);
  });

  it('emits the same when operate works on the status in place (the nodes it changed, not a copy to compare with)', () => {
    const tmpl = `    metrics:
      prometheus:
      - {name: runs, help: Runs, labels: [{key: status, value: '{{status}}'}], counter: {value: '1'}}`;
    expect(run(WF(tmpl), 0, true).metrics).toEqual(run(WF(tmpl)).metrics);
    expect(run(WF(tmpl), 0, true).metrics).toHaveLength(1);
  });

  it('honours when, and gauge operations', () => {
    const tmpl = `    metrics:
      prometheus:
      - name: failures
        help: Failures
        when: '{{status}} == Failed'
        counter: {value: '1'}
      - name: in_flight
        help: In flight
        gauge: {value: '2', operation: Sub, realtime: false}`;
    expect(run(WF(tmpl)).metrics).toEqual([{ name: 'in_flight', help: 'In flight', kind: 'gauge', labels: {}, value: 2, operation: 'Sub' }]);
    expect(run(WF(tmpl), 1).metrics.map((m) => m.name)).toEqual(['failures', 'in_flight']);
  });

  it('emits workflow metrics when the workflow completes, with workflow.status and workflow.duration', () => {
    const { metrics } = run(WF('', `  metrics:
    prometheus:
    - name: wf_result
      help: Workflows by result
      labels: [{key: status, value: '{{workflow.status}}'}]
      counter: {value: '1'}
    - name: wf_duration
      help: Workflow duration
      gauge: {value: '{{workflow.duration}}', realtime: false}`), 1);
    expect(metrics.map((m) => [m.name, m.labels, m.kind])).toEqual([['wf_result', { status: 'Failed' }, 'counter'], ['wf_duration', {}, 'gauge']]);
    expect(metrics[1]!.value).toBeGreaterThanOrEqual(0);
  });

  it('turns a bad name, a value that is not a number or a missing type into a Warning event, not a metric', () => {
    const { metrics, warnings } = run(WF(`    metrics:
      prometheus:
      - {name: bad-name, help: h, counter: {value: '1'}}
      - {name: not_a_number, help: h, gauge: {value: '{{inputs.parameters.model}}', realtime: false}}
      - {name: typeless, help: h}`));
    expect(metrics).toEqual([]);
    expect(warnings).toEqual([
      'node train: metric name "bad-name" is invalid: names may only contain alphanumeric characters, _ or :',
      'node train: metric "not_a_number": value "m1" is not a number',
      'node train: metric "typeless" has no type: one of counter, gauge, histogram is required',
    ]);
  });
});
