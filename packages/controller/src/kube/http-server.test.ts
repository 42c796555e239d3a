import { startHealthServer } from './http-server.js';
import { ControllerMetrics } from './metrics.js';

describe('health and metrics server', () => {
  it('answers /healthz by readiness and serves the registry on /metrics', async () => {
    let ready = false;
    const m = new ControllerMetrics({ workflowPhases: () => ['Running', 'Running', 'Succeeded', ''], queueDepth: () => 7 });
    m.podsCreated.inc(3);
    m.reconcileSeconds.observe({ result: 'ok' }, 0.02);
    const s = await startHealthServer(0, '127.0.0.1', m.registry, () => ready);
    try {
      const base = `http://127.0.0.1:${s.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('argo_workflows_count{status="Running"} 2');
      expect(text).toContain('argo_workflows_count{status="Succeeded"} 1');
      expect(text).toContain('argo_workflows_count{status="Pending"} 1');
      expect(text).toContain('argo_workflows_queue_depth_count{queue_name="workflow_queue"} 7');
      expect(text).toContain('argo_workflows_pods_created_total 3');
      expect(text).toContain('argo_workflows_operation_duration_seconds_bucket{le="0.025",result="ok"} 1');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('keeps registries of two controllers in one process apart (same metric names, no clash)', async () => {
    const a = new ControllerMetrics({ workflowPhases: () => ['Running'], queueDepth: () => 1 });
    const b = new ControllerMetrics({ workflowPhases: () => [], queueDepth: () => 2 });
    a.podsCreated.inc();
    expect(await a.registry.getSingleMetricAsString('argo_workflows_pods_created_total')).toContain('argo_workflows_pods_created_total 1');
    expect(await b.registry.getSingleMetricAsString('argo_workflows_pods_created_total')).toContain('argo_workflows_pods_created_total 0');
  });
});
