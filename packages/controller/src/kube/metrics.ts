/**
 * Prometheus metrics of one controller (its own registry, so two controllers
 * in one process — tests, the local daemon — do not collide). Gauges that
 * describe state are computed at scrape time from the caches.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
}
