/**
 * Two controller replicas with leader election, as the Deployment runs them (issue 15): exactly one
 * holds the Lease and reconciles; SIGKILL of the leader hands over within the lease duration (plus
 * the retry periods in which the follower notices); a workflow running across the hand-over
 * finishes Succeeded with exactly one pod per node. Short lease timings through Argo's environment
 * variables keep the test quick: 3 s lease, 2 s renew deadline, 0.5 s retry period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster, type LocalCluster } from '@argo-ts/local';

const CONTROLLER_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'controller', 'bin', 'workflow-controller.js');
const LEASE_MS = 3000;
const RETRY_MS = 500;
const STEPS = 15;
const NS = 'default';

interface Replica { identity: string; child: ChildProcess; log: string[] }

async function api(cluster: LocalCluster, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${cluster.adminApiUrl}${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.message}`);
  return json;
}

function replica(cluster: LocalCluster, identity: string): Replica {
  const child = spawn(process.execPath, [CONTROLLER_BIN, '--kubeconfig', cluster.kubeconfigPath, '--metrics-port', '0', '--namespace', 'argo', '--leader-elect'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, LEADER_ELECTION_IDENTITY: identity,
      LEADER_ELECTION_LEASE_DURATION: `${LEASE_MS}ms`, LEADER_ELECTION_RENEW_DEADLINE: '2s', LEADER_ELECTION_RETRY_PERIOD: `${RETRY_MS}ms`,
    },
  });
  const r: Replica = { identity, child, log: [] };
  for (const s of [child.stdout!, child.stderr!]) s.on('data', (b: Buffer) => r.log.push(...b.toString().split('\n').filter(Boolean)));
  return r;
}

const leads = (r: Replica) => r.log.some((l) => l.includes('started leading'));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stop(r: Replica, signal: NodeJS.Signals): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill(signal);
  await exited;
}

describe('two controller replicas', () => {
  let cluster: LocalCluster;
  let stateDir: string;
  const replicas: Replica[] = [];
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-handover-'));
    cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, controller: false, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => stop(r, 'SIGKILL')));
    await cluster?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('one leads; SIGKILL of the leader hands over within the lease; the workflow across it has one pod per node', async () => {
    const a = replica(cluster, 'replica-a');
    replicas.push(a);
    await until(() => (leads(a) ? true : undefined), 30_000, 'replica-a to lead');
    const b = replica(cluster, 'replica-b');
    replicas.push(b);
    // B is up and campaigning (it retries every 0.5 s) but must not lead while A renews.
    await new Promise((r) => setTimeout(r, LEASE_MS + 4 * RETRY_MS));
    expect({ aLeads: leads(a), bLeads: leads(b), bAlive: b.child.exitCode === null }).toEqual({ aLeads: true, bLeads: false, bAlive: true });
    expect((await api(cluster, 'GET', '/apis/coordination.k8s.io/v1/namespaces/argo/leases/workflow-controller')).spec.holderIdentity).toBe('replica-a');

    const name = 'across-handover';
    await api(cluster, 'POST', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`, {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', steps: Array.from({ length: STEPS }, (_, i) => [{ name: `s${i}`, template: 'step' }]) },
          { name: 'step', container: { image: 'alpine', command: ['sh', '-c', 'sleep 0.3; echo step'] } },
        ],
      },
    });
    // Kill the leader part-way through.
    await until(async () => {
      const wf = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
      const done = Object.values((wf.status?.nodes ?? {}) as Record<string, { type: string; phase: string }>).filter((n) => n.type === 'Pod' && n.phase === 'Succeeded').length;
      return done >= 4 ? true : undefined;
    }, 60_000, 'four steps to finish');
    const killedAt = Date.now();
    await stop(a, 'SIGKILL');
    await until(() => (leads(b) ? true : undefined), 30_000, 'replica-b to take over');
    const handOverMs = Date.now() - killedAt;
    console.log(`hand-over: ${handOverMs} ms after SIGKILL (lease ${LEASE_MS} ms, retry ${RETRY_MS} ms)`);
    // The last renewal was at most one retry period before the kill, B notices the lease expired
    // within one more, and its update of the Lease (one API round trip) gets one more.
    expect(handOverMs).toBeLessThanOrEqual(LEASE_MS + 3 * RETRY_MS);
    expect((await api(cluster, 'GET', '/apis/coordination.k8s.io/v1/namespaces/argo/leases/workflow-controller')).spec.holderIdentity).toBe('replica-b');

    const wf = await until(async () => {
      const w = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
      return ['Succeeded', 'Failed', 'Error'].includes(w.status?.phase) ? w : undefined;
    }, 90_000, 'the workflow to finish');
    const failures = Object.values(wf.status.nodes as Record<string, { displayName: string; phase: string; message?: string }>)
      .filter((n) => n.phase !== 'Succeeded').map((n) => `${n.displayName}: ${n.phase} ${n.message ?? ''}`);
    expect({ phase: wf.status.phase, failures }).toEqual({ phase: 'Succeeded', failures: [] });
    const pods = await api(cluster, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${name}`)}`);
    const nodeIds = pods.items.map((p: any) => p.metadata.annotations['workflows.argoproj.io/node-id']);
    expect(pods.items).toHaveLength(STEPS);
    expect(new Set(nodeIds).size).toBe(STEPS);
  }, 180_000);
});
