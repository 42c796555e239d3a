/**
 * End-to-end runs on the embedded local cluster (API server, kubelet and
 * controller in this process): a temp state dir, the cluster, and the built
 * `argo` binary driven against its kubeconfig as a subprocess.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '@argo-ts/local';
import { BIN, type RunResult } from './harness.js';

export interface LocalCluster { kubeconfigPath: string; apiUrl: string; adminApiUrl: string; stop(): Promise<void> }

export interface LocalClusterRunOptions {
  /** Prefix of the temp dir. */
  prefix: string;
  /** A stuck command is killed after this long, so it never outlives its test and is reported by its output. */
  killAfterMs: number;
  /** Keep the cluster's state in this subdirectory of the temp dir (other files go beside it). */
  stateSubdir?: string;
  /** The kubelet's image mode (the daemon's default, auto, when unset). */
  images?: 'auto' | 'pull' | 'host';
  /** More options for startLocalCluster (e.g. the faithful mode's executor and controller settings). */
  cluster?: Record<string, unknown>;
}

export class LocalClusterRun {
  dir!: string;
  cluster!: LocalCluster;

  constructor(private readonly opts: LocalClusterRunOptions) {}

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), this.opts.prefix));
    const stateDir = this.opts.stateSubdir ? join(this.dir, this.opts.stateSubdir) : this.dir;
    // Imported by name: a build without it fails these suites to load, never skips them.
    this.cluster = await startLocalCluster({ ...this.opts.cluster, stateDir, log: () => undefined, ...(this.opts.images ? { images: this.opts.images } : {}) });
  }

  async stop(): Promise<void> {
    await this.cluster?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs `argo ARGS` against the cluster; with `input`, that is its whole stdin. */
  argo(args: string[], input?: string, env: Record<string, string> = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--kubeconfig', this.cluster.kubeconfigPath], { env: { ...process.env, NO_COLOR: '1', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('error', reject);
      const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.killAfterMs);
      child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
      if (input !== undefined) child.stdin.end(input);
    });
  }

  /** `argo get NAME -o json`, parsed; a failed command throws its stderr. */
  async getJson<T = any>(name: string): Promise<T> {
    const r = await this.argo(['get', name, '-o', 'json']);
    if (r.code !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as T;
  }
}
