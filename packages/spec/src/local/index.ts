/**
 * Where the local cluster's daemon keeps its state and what it writes there: the contract between
 * `@argo-ts/local` (which writes it) and the CLI, which reads it to find a running daemon with one
 * file read and one request, without loading the local cluster's code. `@argo-ts/spec/local`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `$ARGO_TS_STATE_DIR`, else `$XDG_STATE_HOME/argo-ts`, else `~/.local/state/argo-ts`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ARGO_TS_STATE_DIR) return resolve(env.ARGO_TS_STATE_DIR);
  if (env.XDG_STATE_HOME) return join(resolve(env.XDG_STATE_HOME), 'argo-ts');
  return join(homedir(), '.local', 'state', 'argo-ts');
}

export function daemonFiles(stateDir: string) {
  return {
    kubeconfig: join(stateDir, 'kubeconfig'),
    pid: join(stateDir, 'daemon.pid'),
    /** JSON DaemonInfo, written once everything answers; removed on clean stop. */
    ready: join(stateDir, 'daemon.ready'),
    log: join(stateDir, 'daemon.log'),
    /** Ports and S3 credentials kept across restarts, so URLs and secrets stay stable. */
    settings: join(stateDir, 'settings.json'),
    apiserver: join(stateDir, 'apiserver'),
    s3: join(stateDir, 's3'),
  };
}

export interface DaemonInfo {
  pid: number;
  apiUrl: string;
  s3Url: string;
  kubeconfigPath: string;
  /** The Argo Server (REST API and web UI); absent from daemons that predate it. */
  serverUrl?: string;
  startedAt: string;
}

/** The ready file of a daemon, or undefined when there is none (never started, stopped, or unreadable). */
export function readDaemonInfo(stateDir: string): DaemonInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(daemonFiles(stateDir).ready, 'utf8')) as DaemonInfo;
    return typeof info.pid === 'number' && typeof info.apiUrl === 'string' && typeof info.kubeconfigPath === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Is that process alive (a process of another user counts)? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/**
 * The daemon's API server answers `/readyz` (anonymous, as Kubernetes serves it) within `ms`.
 * node:http rather than fetch: loading fetch's client costs a CLI more than the request itself.
 */
export function daemonAnswers(apiUrl: string, ms = 1000): Promise<boolean> {
  return new Promise((done) => {
    let url: URL;
    try {
      url = new URL('/readyz', apiUrl);
    } catch {
      done(false);
      return;
    }
    if (url.protocol !== 'http:') {
      done(false);
      return;
    }
    const req = http.get(url, { timeout: ms, agent: false }, (res) => {
      res.resume();
      res.on('end', () => done((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}
