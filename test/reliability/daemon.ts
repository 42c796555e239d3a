/**
 * A local-cluster daemon for crash tests, started as `argo local start` does
 * (a detached process with its own state dir) and killed with SIGKILL, no
 * shutdown, as a crash or an OOM kill would.
 */
import { existsSync, readFileSync } from 'node:fs';
import { localStart, localStatus } from '@argo-ts/local';

export type ExecutorMode = 'process' | 'in-process';

export interface Daemon {
  pid: number;
  apiUrl: string;
}

export async function startDaemon(stateDir: string, executor: ExecutorMode): Promise<Daemon> {
  const status = await localStart({ stateDir, detach: true, executor, timeoutMs: 60_000 });
  return { pid: status.pid!, apiUrl: status.apiUrl! };
}

export async function killDaemon(d: Daemon): Promise<void> {
  try {
    process.kill(d.pid, 'SIGKILL');
  } catch {
    return;
  }
  while (alive(d.pid)) await new Promise((r) => setTimeout(r, 20));
}

/** SIGTERM (graceful: it stops its pods) and wait, for the end of a test. */
export async function stopDaemon(stateDir: string): Promise<void> {
  const status = await localStatus({ stateDir });
  if (!status.running || !status.pid) return;
  process.kill(status.pid, 'SIGTERM');
  while (alive(status.pid)) await new Promise((r) => setTimeout(r, 50));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (our detached child not yet reaped) counts as gone.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
  } catch {
    return false;
  }
}

/** The admin credential from the daemon's kubeconfig, when it has one. */
function bearer(stateDir: string): Record<string, string> {
  const path = `${stateDir}/kubeconfig`;
  if (!existsSync(path)) return {};
  const token = /\btoken:\s*(\S+)/.exec(readFileSync(path, 'utf8'))?.[1];
  return token ? { authorization: `Bearer ${token.replace(/^["']|["']$/g, '')}` } : {};
}

export async function api(d: Daemon, stateDir: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${d.apiUrl}${path}`, {
    method, headers: { ...bearer(stateDir), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return path.includes('/log') ? text : JSON.parse(text);
}

/** Polls `probe` every 100 ms until it gives a value (a throw counts as not yet), or fails after `ms` naming `what`. */
export async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
