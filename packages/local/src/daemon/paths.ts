/** Where the local cluster keeps its state, and the files the daemon writes there. */
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
