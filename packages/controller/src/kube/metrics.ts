/**
 * Prometheus metrics of one controller (its own registry, so two controllers
 * in one process — tests, the local daemon — do not collide). Gauges that
 * describe state are computed at scrape time from the caches.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CustomMetric } from '../operator/types.js';

export interface MetricsSources {
  /** Phase of every cached workflow. */
  workflowPhases(): Iterable<string>;
  queueDepth(): number;
}

export class ControllerMetrics {
  readonly registry = new Registry();
  readonly reconcileSeconds: Histogram<'result'>;
  readonly podsCreated: Counter;
  readonly errors: Counter<'cause'>;

  constructor(sources: MetricsSources, opts: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    new Gauge({
      name: 'argo_workflows_count', help: 'Workflows known to the controller, by phase.', labelNames: ['status'], registers,
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const p of sources.workflowPhases()) counts.set(p || 'Pending', (counts.get(p || 'Pending') ?? 0) + 1);
        for (const [status, n] of counts) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'argo_workflows_queue_depth_count', help: 'Workflow keys waiting in the work queue.', labelNames: ['queue_name'], registers,
      collect() { this.set({ queue_name: 'workflow_queue' }, sources.queueDepth()); },
    });
    this.reconcileSeconds = new Histogram({
      name: 'argo_workflows_operation_duration_seconds', help: 'Time to reconcile one workflow (read, operate, apply, write).',
      labelNames: ['result'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    });
    this.podsCreated = new Counter({ name: 'argo_workflows_pods_created_total', help: 'Pods created by the controller.', registers });
    this.errors = new Counter({ name: 'argo_workflows_error_count', help: 'Reconcile errors, by cause.', labelNames: ['cause'], registers });
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  private readonly customs = new Map<string, { kind: CustomMetric['kind']; help: string; labels: string; metric: Counter<string> | Gauge<string> | Histogram<string> }>();

  /**
   * Records a workflow's custom metric; returns why it cannot be, as Prometheus requires one help,
   * one type and one label set per name (Argo's rule), or a name the controller's own metrics use.
   */
  custom(m: CustomMetric): string | undefined {
    const labelNames = Object.keys(m.labels).sort();
    const labels = labelNames.join(',');
    let c = this.customs.get(m.name);
    if (!c) {
      if (this.registry.getSingleMetric(m.name)) return `metric "${m.name}" is one of the controller's own metrics`;
      const registers = [this.registry];
      const metric = m.kind === 'counter' ? new Counter({ name: m.name, help: m.help, labelNames, registers })
        : m.kind === 'gauge' ? new Gauge({ name: m.name, help: m.help, labelNames, registers })
          : new Histogram({ name: m.name, help: m.help, labelNames, buckets: m.buckets ?? [], registers });
      c = { kind: m.kind, help: m.help, labels, metric };
      this.customs.set(m.name, c);
    }
    if (c.kind !== m.kind) return `metric "${m.name}" is a ${c.kind} and cannot also be a ${m.kind}`;
    if (c.help !== m.help) return `metric "${m.name}" has help "${c.help}"; a metric keeps one help text`;
    if (c.labels !== labels) return `metric "${m.name}" has labels [${c.labels}]; a metric keeps one set of label keys`;
    if (c.metric instanceof Counter) {
      if (m.value < 0) return `metric "${m.name}": a counter cannot decrease (value ${m.value})`;
      c.metric.inc(m.labels, m.value);
    } else if (c.metric instanceof Gauge) {
      if (m.operation === 'Add') c.metric.inc(m.labels, m.value);
      else if (m.operation === 'Sub') c.metric.dec(m.labels, m.value);
      else c.metric.set(m.labels, m.value);
    } else c.metric.observe(m.labels, m.value);
    return undefined;
  }
}
