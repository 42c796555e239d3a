/**
 * Crash safety of the controller: the workflow status is its only memory, so
 * a controller killed (SIGKILL, no shutdown) at any point and started again
 * must finish the workflow with exactly one pod per node — never a second pod
 * for a node whose pod creation it had already sent. A soak (about 90 s):
 * part of the reliability suite (`pnpm test:reliability`), not `pnpm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster, type LocalCluster } from '@argo-ts/local';

const CONTROLLER_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'controller', 'bin', 'workflow-controller.js');
const RUNS = 10;
const STEPS = 20;
const NS = 'default';

function twentySteps(name: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: Array.from({ length: STEPS }, (_, i) => [{ name: `s${i}`, template: 'echo' }]) },
        { name: 'echo', container: { image: 'alpine', command: ['sh', '-c', 'echo step'] } },
      ],
    },
  };
}

async function api(cluster: LocalCluster, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${cluster.adminApiUrl}${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.message}`);
  return json;
}

function startController(cluster: LocalCluster): ChildProcess {
  return spawn(process.execPath, [CONTROLLER_BIN, '--kubeconfig', cluster.kubeconfigPath, '--metrics-port', '0'], { stdio: 'ignore' });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function phaseWithin(cluster: LocalCluster, name: string, ms: number): Promise<string | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const wf = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
    const phase = wf.status?.phase as string | undefined;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') return phase;
    if (Date.now() >= until) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a controller killed at random points', () => {
  let cluster: LocalCluster;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-kill-'));
    cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, controller: false, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it(`finishes a ${STEPS}-step workflow Succeeded with exactly one pod per node, ${RUNS} times`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const name = `killed-${run}`;
      await api(cluster, 'POST', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`, twentySteps(name));
      // Kill somewhere between start-up and the middle of the run, then once more
      // later, so kills land during start-up, pod creation and status writes.
      for (const killAfterMs of [200 + Math.random() * 2500, 200 + Math.random() * 2500]) {
        const controller = startController(cluster);
        const phase = await phaseWithin(cluster, name, killAfterMs);
        await kill(controller);
        if (phase) break;
      }
      const controller = startController(cluster);
      try {
        await phaseWithin(cluster, name, 90_000);
      } finally {
        await kill(controller);
      }
      const wf = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
      const failures = Object.values(wf.status.nodes as Record<string, { displayName: string; phase: string; message?: string }>)
        .filter((n) => n.phase !== 'Succeeded').map((n) => `${n.displayName}: ${n.phase} ${n.message ?? ''}`);
      expect({ run, phase: wf.status.phase, message: wf.status.message, failures }).toEqual({ run, phase: 'Succeeded', message: undefined, failures: [] });
      const podNodes = Object.values(wf.status.nodes as Record<string, { type: string; phase: string }>).filter((n) => n.type === 'Pod');
      const pods = await api(cluster, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${name}`)}`);
      expect(podNodes).toHaveLength(STEPS);
      expect(podNodes.every((n) => n.phase === 'Succeeded')).toBe(true);
      expect(pods.items).toHaveLength(STEPS);
      const nodeIds = new Set(pods.items.map((p: any) => p.metadata.annotations['workflows.argoproj.io/node-id']));
      expect(nodeIds.size).toBe(STEPS);
    }
  }, 600_000);
});
