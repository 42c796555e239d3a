import { Env } from '@argo-ts/spec';
import type { DriverDeps } from '../artifacts/driver.js';
import { secretReader } from '../artifacts/secrets.js';
import type { ExecutorContext } from '../context.js';

export function driverDeps(ctx: ExecutorContext): DriverDeps {
  const namespace = ctx.env[Env.namespace] || 'default';
  return { getSecret: secretReader(ctx.kubeConfig, namespace), signal: ctx.signal };
}
