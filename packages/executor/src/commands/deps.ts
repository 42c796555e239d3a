import { Env } from '@argo-ts/spec';
import { REMOTE_IDLE_TIMEOUT_MS, type DriverDeps } from '../artifacts/driver.js';
import { secretReader } from '../artifacts/secrets.js';
import type { ExecutorContext } from '../context.js';

export function driverDeps(ctx: ExecutorContext): DriverDeps {
  const namespace = ctx.env[Env.namespace] || 'default';
  return { getSecret: secretReader(ctx.kubeConfig, namespace), signal: ctx.signal, timeoutMs: remoteTimeout(ctx.env) };
}

/** `ARGO_TS_REMOTE_TIMEOUT` (seconds) overrides the idle limit of remote calls; anything else is the default. */
function remoteTimeout(env: Record<string, string>): number {
  const secs = Number(env.ARGO_TS_REMOTE_TIMEOUT);
  return Number.isFinite(secs) && secs > 0 ? secs * 1000 : REMOTE_IDLE_TIMEOUT_MS;
}
