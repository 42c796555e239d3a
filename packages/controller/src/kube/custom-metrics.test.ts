/** The controller's registry records workflows' custom metrics, with Prometheus' one-help, one-type, one-label-set rule. */
import { ControllerMetrics } from './metrics.js';

describe('ControllerMetrics.custom', () => {
  const metrics = () => new ControllerMetrics({ workflowPhases: () => [], queueDepth: () => 0 });

  it('counts, sets gauges by operation and observes histograms, scraped in Prometheus text', async () => {
    const m = metrics();
    expect(m.custom({ name: 'runs', help: 'Runs', kind: 'counter', labels: { status: 'Succeeded' }, value: 1 })).toBeUndefined();
    m.custom({ name: 'runs', help: 'Runs', kind: 'counter', labels: { status: 'Succeeded' }, value: 1 });
    m.custom({ name: 'level', help: 'Level', kind: 'gauge', labels: {}, value: 5 });
    m.custom({ name: 'level', help: 'Level', kind: 'gauge', labels: {}, value: 2, operation: 'Sub' });
    m.custom({ name: 'secs', help: 'Seconds', kind: 'histogram', labels: {}, value: 3, buckets: [1, 5] });
    const text = await m.registry.metrics();
    expect(text).toContain('# HELP runs Runs\n# TYPE runs counter\nruns{status="Succeeded"} 2\n');
    expect(text).toContain('# TYPE level gauge\nlevel 3\n');
    expect(text).toContain('secs_bucket{le="1"} 0\nsecs_bucket{le="5"} 1\nsecs_bucket{le="+Inf"} 1\nsecs_sum 3\nsecs_count 1\n');
  });

  it('refuses another type, help or label set for a name, a decreasing counter and the controller\'s own names', () => {
    const m = metrics();
    m.custom({ name: 'runs', help: 'Runs', kind: 'counter', labels: { status: 'x' }, value: 1 });
    expect(m.custom({ name: 'runs', help: 'Runs', kind: 'gauge', labels: { status: 'x' }, value: 1 })).toBe('metric "runs" is a counter and cannot also be a gauge');
    expect(m.custom({ name: 'runs', help: 'Other', kind: 'counter', labels: { status: 'x' }, value: 1 })).toBe('metric "runs" has help "Runs"; a metric keeps one help text');
    expect(m.custom({ name: 'runs', help: 'Runs', kind: 'counter', labels: { phase: 'x' }, value: 1 })).toBe('metric "runs" has labels [status]; a metric keeps one set of label keys');
    expect(m.custom({ name: 'runs', help: 'Runs', kind: 'counter', labels: { status: 'x' }, value: -1 })).toBe('metric "runs": a counter cannot decrease (value -1)');
    expect(m.custom({ name: 'argo_workflows_count', help: 'x', kind: 'counter', labels: {}, value: 1 })).toBe('metric "argo_workflows_count" is one of the controller\'s own metrics');
  });
});
