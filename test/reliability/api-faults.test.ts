/**
 * The workflow controller against an API server that fails a share of its
 * requests (429, 500, 409 on updates, 410 Gone on lists and watches) and cuts
 * watches off mid-stream. Promise: every workflow still ends Succeeded with
 * exactly one pod per node, and the controller process keeps running.
 * The informer (controller/src/kube/listwatch.ts) re-lists on 410 and after
 * any failure with backoff, and re-watches from its last resourceVersion.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster, type LocalCluster } from '@argo-ts/local';
import { startApiFaultProxy, type ApiFaultProxy } from './testdata/api-fault-proxy.js';

const CONTROLLER_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'controller', 'bin', 'workflow-controller.js');
const SHARE = 0.2;
const WORKFLOWS = 4;
const NS = 'default';

function workflow(name: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: [[{ name: 'a', template: 'echo' }], [{ name: 'b', template: 'echo' }, { name: 'c', template: 'echo' }], [{ name: 'd', template: 'echo' }]] },
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

describe('the controller under API faults', () => {
  let cluster: LocalCluster;
  let stateDir: string;
  let proxy: ApiFaultProxy;
  let controller: ChildProcess;
  let controllerLog = '';
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-apifaults-'));
    cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, controller: false, argoServer: false, log: () => undefined });
    proxy = await startApiFaultProxy(cluster.apiUrl, SHARE);
    const kubeconfig = join(stateDir, 'faulty-kubeconfig');
    writeFileSync(kubeconfig, readFileSync(cluster.kubeconfigPath, 'utf8').split(cluster.apiUrl).join(proxy.url));
    controller = spawn(process.execPath, [CONTROLLER_BIN, '--kubeconfig', kubeconfig, '--metrics-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    controller.stdout!.on('data', (d: Buffer) => (controllerLog = (controllerLog + d.toString()).slice(-4000)));
    controller.stderr!.on('data', (d: Buffer) => (controllerLog = (controllerLog + d.toString()).slice(-4000)));
  }, 60_000);
  afterAll(async () => {
    if (controller && controller.exitCode === null) {
      const exited = new Promise((r) => controller.once('exit', r));
      controller.kill('SIGKILL');
      await exited;
    }
    await proxy?.close();
    await cluster?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it(`finishes ${WORKFLOWS} workflows Succeeded, one pod per node, with ${SHARE * 100}% of requests failing`, async () => {
    const names = Array.from({ length: WORKFLOWS }, (_, i) => `faulty-${i}`);
    for (const name of names) await api(cluster, 'POST', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows`, workflow(name));
    const until = Date.now() + 150_000;
    const phases = new Map<string, string>();
    while (phases.size < names.length && Date.now() < until) {
      for (const name of names) {
        const wf = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
        if (['Succeeded', 'Failed', 'Error'].includes(wf.status?.phase)) phases.set(name, wf.status.phase);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // What a failure needs to be understood: the faults drawn and the controller's last words.
    if (phases.size < names.length || controller.exitCode !== null) console.log(`unfinished: faults ${JSON.stringify(proxy.injected)}, finished ${JSON.stringify([...phases])}\n${controllerLog}`);
    expect({ exitCode: controller.exitCode, signal: controller.signalCode }).toEqual({ exitCode: null, signal: null });
    for (const name of names) {
      const wf = await api(cluster, 'GET', `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${name}`);
      expect({ name, phase: wf.status?.phase, message: wf.status?.message }).toEqual({ name, phase: 'Succeeded', message: undefined });
      const pods = await api(cluster, 'GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${name}`)}`);
      const podNodes = Object.values(wf.status.nodes as Record<string, { type: string }>).filter((n) => n.type === 'Pod');
      expect({ name, pods: pods.items.length, nodes: podNodes.length }).toEqual({ name, pods: 4, nodes: 4 });
    }
    // The faults really happened, of every kind.
    for (const [kind, n] of Object.entries(proxy.injected)) expect({ kind, injected: n > 0 }).toEqual({ kind, injected: true });
  }, 240_000);
});
