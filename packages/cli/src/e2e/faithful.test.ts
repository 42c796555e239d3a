/**
 * The faithful mode end to end: argoexec runs as its own sandboxed process
 * (as uid 8737, the executor image's USER), main and sidecars as their
 * runAsUser, the controller as its own process, and the kubelet stops no
 * sidecars. Each step is one of the failures this mode first surfaced.
 */
import { jest } from '@jest/globals';
import { LocalClusterRun } from './local-cluster-harness.js';

jest.setTimeout(240_000);
const run = new LocalClusterRun({ prefix: 'argo-cli-faithful-', killAfterMs: 200_000, cluster: { executor: 'process', controllerMode: 'process' } });
const describeIf = describe;

const script = (name: string, source: string, extra: Record<string, unknown> = {}) => ({
  name, script: { image: 'alpine:3.20', command: ['sh'], source, ...(extra.securityContext ? { securityContext: extra.securityContext } : {}) },
  ...(extra.outputs ? { outputs: extra.outputs } : {}), ...(extra.sidecars ? { sidecars: extra.sidecars } : {}),
});

function workflow(): object {
  const artifact = { artifacts: [{ name: 'out', path: '/tmp/out.txt' }], parameters: [{ name: 'uid', valueFrom: { path: '/tmp/uid' } }] };
  const write = 'id -u > /tmp/uid; echo written by $(id -u) > /tmp/out.txt; cat /tmp/uid';
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'faithful-' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[
          { name: 'as-root', template: 'as-root' },
          { name: 'as-4242', template: 'as-4242' },
          { name: 'sidecar', template: 'sidecar' },
          { name: 'big', template: 'big' },
        ]] },
        script('as-root', write, { outputs: artifact }),
        script('as-4242', write, { outputs: artifact, securityContext: { runAsUser: 4242, runAsGroup: 4242 } }),
        script('sidecar', 'sleep 1; echo main done', { sidecars: [{ name: 'sleeper', image: 'alpine:3.20', command: ['sleep', '1d'] }] }),
        // 170 KB of template: too large for one environment string, so the controller offloads it.
        script('big', `echo big\n: '${'x'.repeat(170 * 1024)}'\n`),
      ],
    },
  };
}

describeIf('faithful mode (executor and controller as processes)', () => {
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  it('runs what the in-process shortcuts hid: users, output artifacts, sidecars, a large template', async () => {
    const sub = await run.argo(['submit', '--wait', '-o', 'name', '-'], JSON.stringify(workflow()));
    expect(sub.stderr).toBe('');
    const name = sub.stdout.trim().split('\n')[0]!;
    const wf = await run.getJson(name);
    const nodes = Object.values(wf.status.nodes) as any[];
    const node = (t: string) => nodes.find((n) => n.templateName === t && n.type === 'Pod');
    for (const t of ['as-root', 'as-4242', 'sidecar', 'big']) expect([t, node(t)?.phase, node(t)?.message]).toEqual([t, 'Succeeded', undefined]);
    expect(wf.status.phase).toBe('Succeeded');
    expect(node('as-root').outputs.parameters).toEqual([expect.objectContaining({ name: 'uid', value: '0' })]);
    expect(node('as-4242').outputs.parameters).toEqual([expect.objectContaining({ name: 'uid', value: '4242' })]);
    expect(node('as-4242').outputs.artifacts.map((a: any) => a.name)).toContain('out');
    expect(node('as-root').outputs.artifacts.map((a: any) => a.name)).toContain('out');
    const get = await run.argo(['logs', name]);
    expect(get.stdout).toMatch(/main done/);
    expect(get.stdout).toMatch(/big/);
  });
});
