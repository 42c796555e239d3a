/**
 * Pod faults (issue 14, row 17 of docs/reliability.md): a main over its memory limit, a pod deleted
 * while it runs, a wait container killed: each node ends with Argo's phase and reason, and the
 * controller keeps running (a workflow submitted afterwards Succeeds). Malformed or oversized
 * outputs a step could write itself are refused by the API server (413 over 3 MiB: api-input.test.ts)
 * or end the node Error (packages/controller/src/operator/malformed-outputs.test.ts).
 *
 * argoexec runs as its own process here (the faithful mode), so "wait killed" kills that process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryMechanism } from '@argo-ts/local';
import { api, until, startDaemon, stopDaemon, type Daemon } from './daemon.js';

const NS = 'default';
const WF = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`;

interface Node { id: string; type: string; phase: string; displayName: string; templateName?: string; message?: string }

function workflow(name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine', ...container }, ...extra }] },
  };
}


/** Every shim.json under a directory (the kubelet keeps one per container of a pod). */
function shimFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...shimFiles(p));
    else if (e.name === 'shim.json') out.push(p);
  }
  return out;
}

describe('pod faults', () => {
  let stateDir: string;
  let d: Daemon;
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-pod-faults-'));
    d = await startDaemon(stateDir, 'process');
  }, 90_000);
  afterAll(async () => {
    await stopDaemon(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });

  const finished = (name: string, ms = 90_000) => until(async () => {
    const wf = await api(d, stateDir, 'GET', `${WF}/${name}`);
    return ['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase) ? wf : undefined;
  }, ms, `workflow ${name} to finish`);
  const podOf = (name: string) => until(async () => {
    const pods = await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${name}`)}`);
    const p = pods.items[0];
    return p?.status?.phase === 'Running' ? p : undefined;
  }, 60_000, `a pod of ${name} to run`);
  const mainSaid = (pod: any, text: string) => until(async () => {
    const log = await api(d, stateDir, 'GET', `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}/log?container=main`);
    return log.includes(text) ? true : undefined;
  }, 60_000, `main of ${pod.metadata.name} to print ${text}`);
  const podNode = (wf: any): Node => Object.values(wf.status.nodes as Record<string, Node>).find((n) => n.type === 'Pod')!;

  (memoryMechanism().startsWith('cgroup') ? it : it.skip)('a main over its memory limit: the node Fails with OOMKilled (exit code 137)', async () => {
    await api(d, stateDir, 'POST', WF, workflow('oom', {
      command: ['python3', '-c', 'a = bytearray(300 * 1024 * 1024); print("survived")'],
      resources: { limits: { memory: '64Mi' } },
    }));
    const wf = await finished('oom');
    expect({ wf: wf.status.phase, node: podNode(wf).phase, message: podNode(wf).message }).toEqual({ wf: 'Failed', node: 'Failed', message: 'OOMKilled (exit code 137)' });
  }, 120_000);

  it('a pod deleted while main runs: the node ends Error "pod deleted"', async () => {
    await api(d, stateDir, 'POST', WF, workflow('deleted', { command: ['sh', '-c', 'echo start; sleep 60'] }));
    const pod = await podOf('deleted');
    await mainSaid(pod, 'start');
    await api(d, stateDir, 'DELETE', `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`);
    const wf = await finished('deleted');
    expect({ wf: wf.status.phase, node: podNode(wf).phase, message: podNode(wf).message }).toEqual({ wf: 'Error', node: 'Error', message: 'pod deleted' });
  }, 120_000);

  it('the wait container killed while main runs: the node ends Error, in Argo\'s words', async () => {
    await api(d, stateDir, 'POST', WF, workflow('wait-killed', { command: ['sh', '-c', 'echo start; sleep 3; echo 42 > /tmp/v'] }, {
      outputs: { parameters: [{ name: 'v', valueFrom: { path: '/tmp/v' } }] },
    }));
    const pod = await podOf('wait-killed');
    await mainSaid(pod, 'start');
    const podDir = join(stateDir, 'pods', NS, pod.metadata.uid);
    const shims = shimFiles(podDir).filter((f) => f.split('/').includes('wait'));
    expect(shims).toHaveLength(1);
    const { containerPid } = JSON.parse(readFileSync(shims[0]!, 'utf8')) as { containerPid: number };
    expect(containerPid).toBeGreaterThan(0);
    process.kill(containerPid, 'SIGKILL');
    const wf = await finished('wait-killed');
    expect({ wf: wf.status.phase, node: podNode(wf).phase, message: podNode(wf).message }).toEqual({
      wf: 'Error', node: 'Error', message: 'failed to save outputs: verify serviceaccount default:default has necessary privileges',
    });
    expect(statSync(podDir, { throwIfNoEntry: false })).toBeDefined();
  }, 120_000);

  it('after all of that the controller still runs workflows', async () => {
    await api(d, stateDir, 'POST', WF, workflow('after', { command: ['sh', '-c', 'echo fine'] }));
    expect((await finished('after')).status.phase).toBe('Succeeded');
  }, 120_000);
});
