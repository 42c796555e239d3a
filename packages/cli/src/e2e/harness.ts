/**
 * End-to-end harness: the local API server in-process (temp state dir), a
 * kubeconfig pointing at it, and the built `argo` binary run as a
 * subprocess (async spawn: the server lives in this event loop).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '@argo-ts/local';
import { HttpArgoApi } from '../kube/api.js';
import { Resources } from '../kube/resources.js';
import type { KubeObject } from '../types.js';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'argo.js');

export interface RunResult { code: number | null; stdout: string; stderr: string }

export class Harness {
  server!: ApiServer;
  api!: HttpArgoApi;
  dir!: string;
  kubeconfig!: string;
  /** Log lines served for `pods/<name>/log`, by pod name. */
  logs = new Map<string, string>();

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'argo-cli-e2e-'));
    this.server = await startApiServer({
      stateDir: join(this.dir, 'state'),
      logs: { open: async (_ns, pod) => (this.logs.has(pod) ? Readable.from([this.logs.get(pod)!]) : null) },
    });
    this.kubeconfig = join(this.dir, 'kubeconfig');
    writeFileSync(this.kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: t',
      `clusters: [{name: t, cluster: {server: "${this.server.url}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {}}]',
      'contexts: [{name: t, context: {cluster: t, user: u, namespace: default}}]', '',
    ].join('\n'));
    this.api = new HttpArgoApi({ server: this.server.url, namespace: 'default', insecureSkipTLSVerify: true, origin: 'test' });
  }

  async stop(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs `argo ARGS` against the server. */
  run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--kubeconfig', this.kubeconfig], {
        env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(opts.input ?? '');
    });
  }

  /** Stores a workflow with the given status (written through the status subresource). */
  async seed(wf: KubeObject): Promise<KubeObject> {
    const { status, ...rest } = structuredClone(wf);
    delete rest.metadata.resourceVersion;
    const created = await this.api.create(Resources.workflow, rest as KubeObject, { namespace: 'default' });
    if (!status) return created;
    return this.api.replaceWithStatus(Resources.workflow, { ...created, status });
  }

  async seedPod(name: string, workflow: string, phase: string, created: string): Promise<void> {
    await this.api.create(Resources.pod, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'default', creationTimestamp: created, labels: { 'workflows.argoproj.io/workflow': workflow } },
      spec: { containers: [{ name: 'main', image: 'alpine' }, { name: 'wait', image: 'argoexec' }] },
    }, { namespace: 'default' });
    const pod = await this.api.get(Resources.pod, name, 'default');
    await this.api.replaceWithStatus(Resources.pod, { ...pod, status: { phase } });
  }
}

/** Makes a fixture workflow storable in the default namespace. */
export function inDefault<T extends KubeObject>(wf: T): T {
  const out = structuredClone(wf);
  out.metadata.namespace = 'default';
  delete out.metadata.creationTimestamp;
  return out;
}
