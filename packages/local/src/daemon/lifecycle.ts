/**
 * `argo local start|stop|status|reset` and ensureLocalCluster(): manage the
 * daemon process through the files in the state directory.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { daemonAnswers as answers, processAlive as alive, readDaemonInfo } from '@argo-ts/spec/local';
import { daemonFiles, defaultStateDir } from './paths.js';
import { startLocalCluster, type LocalClusterOptions } from './cluster.js';
import { loadSettings } from './settings.js';

export type LocalErrorCode = 'StartTimeout' | 'StartFailed' | 'StopTimeout';

export class LocalClusterError extends Error {
  constructor(readonly code: LocalErrorCode, message: string, readonly transient: boolean) {
    super(message);
  }
}

export interface LocalStartOptions {
  stateDir?: string;
  /** true (default): a background daemon; false: run in this process until stop(). */
  detach?: boolean;
  port?: number;
  timeoutMs?: number;
  /** Daemon settings (see LocalClusterOptions); they apply when this call starts the daemon. */
  executor?: LocalClusterOptions['executor'];
  controllerMode?: LocalClusterOptions['controllerMode'];
  validation?: LocalClusterOptions['validation'];
  /** auto | pull | host; saved in the state dir's settings for later starts. */
  images?: LocalClusterOptions['images'];
  insecureRegistries?: string[];
  /** Let pods use hostPath volumes (refused by default). */
  allowHostPath?: boolean;
}

export interface LocalStatus {
  running: boolean;
  stateDir: string;
  pid?: number;
  apiUrl?: string;
  s3Url?: string;
  kubeconfigPath?: string;
  /** The web UI and Argo Server API. */
  uiUrl?: string;
  uptimeSeconds?: number;
}

// Loading the daemon's modules costs ~1.6 s of CPU; on a loaded 2-core machine
// that stretched to 7.5 s wall time, so allow more than the 10 s target.
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const DAEMON_ENTRY = daemonEntry();

/** dist/daemon/main.js; when this module runs from src (tests), the built one beside it. */
function daemonEntry(): string {
  const sibling = fileURLToPath(new URL('./main.js', import.meta.url));
  return existsSync(sibling) ? sibling : fileURLToPath(new URL('../../dist/daemon/main.js', import.meta.url));
}

export async function localStatus(opts: { stateDir?: string } = {}): Promise<LocalStatus> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const info = readDaemonInfo(stateDir);
  if (!info || !alive(info.pid) || !(await answers(info.apiUrl))) return { running: false, stateDir };
  return {
    running: true, stateDir, pid: info.pid, apiUrl: info.apiUrl, s3Url: info.s3Url, kubeconfigPath: info.kubeconfigPath,
    ...(info.serverUrl ? { uiUrl: info.serverUrl } : {}),
    uptimeSeconds: Math.max(0, Math.round((Date.now() - Date.parse(info.startedAt)) / 1000)),
  };
}

/** Starts the daemon unless it runs; resolves once /readyz answers. */
export async function localStart(opts: LocalStartOptions = {}): Promise<LocalStatus & { stop?: () => Promise<void> }> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const current = await localStatus({ stateDir });
  if (current.running) return current;
  if (opts.detach === false) {
    const cluster = await startLocalCluster({
      stateDir, port: opts.port, executor: opts.executor, controllerMode: opts.controllerMode, validation: opts.validation,
      images: opts.images, insecureRegistries: opts.insecureRegistries, allowHostPath: opts.allowHostPath,
    });
    return { running: true, stateDir, pid: process.pid, apiUrl: cluster.apiUrl, s3Url: cluster.s3Url, kubeconfigPath: cluster.kubeconfigPath, ...(cluster.serverUrl ? { uiUrl: cluster.serverUrl } : {}), uptimeSeconds: 0, stop: cluster.stop };
  }
  const files = daemonFiles(stateDir);
  mkdirSync(stateDir, { recursive: true });
  rmSync(files.ready, { force: true });
  const out = openSync(files.log, 'a');
  const args = [DAEMON_ENTRY, '--state-dir', stateDir, ...(opts.port !== undefined ? ['--port', String(opts.port)] : [])];
  if (opts.executor) args.push('--executor', opts.executor);
  if (opts.controllerMode) args.push('--controller', opts.controllerMode);
  if (opts.validation) args.push('--validation', opts.validation);
  if (opts.images) args.push('--images', opts.images);
  for (const r of opts.insecureRegistries ?? []) args.push('--insecure-registry', r);
  if (opts.allowHostPath) args.push('--allow-host-path');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + (opts.timeoutMs ?? START_TIMEOUT_MS);
  // A short startup wait: check the ready file and /readyz until the deadline.
  while (Date.now() < deadline) {
    if (exited !== null) throw new LocalClusterError('StartFailed', `local cluster exited with code ${exited} while starting; see ${files.log}:\n${tail(files.log)}`, false);
    const status = await localStatus({ stateDir });
    if (status.running) return status;
    await sleep(50);
  }
  throw new LocalClusterError('StartTimeout', `local cluster did not answer /readyz within ${(opts.timeoutMs ?? START_TIMEOUT_MS) / 1000} s; see ${files.log}`, true);
}

/** SIGTERM to the daemon, waiting until it has exited. */
export async function localStop(opts: { stateDir?: string; timeoutMs?: number } = {}): Promise<{ wasRunning: boolean }> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const files = daemonFiles(stateDir);
  const pid = readPid(files.pid) ?? readDaemonInfo(stateDir)?.pid;
  if (!pid || !alive(pid)) {
    rmSync(files.ready, { force: true });
    rmSync(files.pid, { force: true });
    return { wasRunning: false };
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (opts.timeoutMs ?? STOP_TIMEOUT_MS);
  while (alive(pid)) {
    if (Date.now() > deadline) throw new LocalClusterError('StopTimeout', `local cluster (pid ${pid}) did not stop within ${(opts.timeoutMs ?? STOP_TIMEOUT_MS) / 1000} s`, true);
    await sleep(50);
  }
  rmSync(files.ready, { force: true });
  rmSync(files.pid, { force: true });
  return { wasRunning: true };
}

/** Stops the daemon and deletes the whole state directory. */
export async function localReset(opts: { stateDir?: string } = {}): Promise<void> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  await localStop({ stateDir });
  rmSync(stateDir, { recursive: true, force: true });
}

/**
 * `argo local ui`: the web UI's URL with a one-time login code (60 s, single
 * use) that sets the server token as the browser's cookie, so the token
 * itself never appears in a URL. Starts the cluster if needed.
 */
export async function localUiLogin(opts: { stateDir?: string } = {}): Promise<{ url: string; loginUrl: string }> {
  const status = await localStart({ stateDir: opts.stateDir, detach: true });
  if (!status.uiUrl) throw new LocalClusterError('StartFailed', 'the local cluster runs without its Argo Server (a daemon from before it existed?): run `argo local stop` and try again', false);
  const files = daemonFiles(status.stateDir);
  const { serverToken } = loadSettings(files.settings);
  const res = await fetch(`${status.uiUrl}/argo-ts/login-codes`, { method: 'POST', headers: { Authorization: `Bearer ${serverToken}` }, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new LocalClusterError('StartFailed', `the Argo Server refused a login code: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`, res.status >= 500);
  const { code } = (await res.json()) as { code: string };
  return { url: status.uiUrl, loginUrl: `${status.uiUrl}/argo-ts/login?code=${encodeURIComponent(code)}` };
}

/** Starts the cluster if needed; returns the kubeconfig path. */
export async function ensureLocalCluster(opts: { stateDir?: string } = {}): Promise<string> {
  const status = await localStart({ stateDir: opts.stateDir, detach: true });
  return status.kubeconfigPath!;
}

function readPid(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const n = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-10).join('\n');
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
