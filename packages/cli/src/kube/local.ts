/**
 * The embedded local cluster, reached through @argo-ts/local. Loaded only
 * when it is the chosen cluster: it pulls in the API server, the controller
 * and the kubelet.
 */
import { existsSync } from 'node:fs';
import { CliError } from '../errors.js';

type LocalModule = Record<string, unknown>;

export async function loadLocalModule(): Promise<LocalModule> {
  try {
    return (await import('@argo-ts/local')) as LocalModule;
  } catch (err) {
    throw new CliError('local-cluster', `cannot load the local cluster (@argo-ts/local): ${(err as Error).message}`);
  }
}

export function localFunction<T extends (...args: any[]) => any>(mod: LocalModule, name: string): T {
  const fn = mod[name];
  if (typeof fn !== 'function') {
    throw new CliError('local-cluster', `this build of @argo-ts/local has no ${name}(); the local cluster is not available`);
  }
  return fn as T;
}

/**
 * Starts the local cluster if needed; returns the path of its kubeconfig. A running daemon is found
 * with one file read and one request (its ready file and /readyz); only starting one loads
 * @argo-ts/local, which costs over a second of start-up.
 */
export async function ensureLocal(load: () => Promise<LocalModule> = loadLocalModule): Promise<string> {
  const { daemonAnswers, defaultStateDir, processAlive, readDaemonInfo } = await import('@argo-ts/spec/local');
  const info = readDaemonInfo(defaultStateDir());
  if (info && processAlive(info.pid) && existsSync(info.kubeconfigPath) && (await daemonAnswers(info.apiUrl))) return info.kubeconfigPath;
  const mod = await load();
  const ensure = localFunction<() => Promise<string | { kubeconfigPath: string }>>(mod, 'ensureLocalCluster');
  try {
    const res = await ensure();
    return typeof res === 'string' ? res : res.kubeconfigPath;
  } catch (err) {
    throw asLocalError(err, 'cannot start the local cluster');
  }
}

/** The local cluster's errors carry `transient`; keep it. */
export function asLocalError(err: unknown, what: string): CliError {
  if (err instanceof CliError) return err;
  const e = err as { message?: string; transient?: boolean };
  return new CliError('local-cluster', `${what}: ${e?.message ?? String(err)}`, { transient: e?.transient ?? true });
}
