/**
 * The pieces the daemon hosts that other helpers provide (S3 store,
 * controller), loaded by name at run time so the daemon still starts, with
 * a warning, when one of them is not there.
 */
import type * as k8s from '@kubernetes/client-node';

export interface S3ServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}
type StartS3 = (opts: { dir: string; port: number; host: string; accessKey: string; secretKey: string }) => Promise<S3ServerHandle>;

export interface ControllerHandle {
  stop(): Promise<void>;
}
type StartController = (opts: { kubeConfig: k8s.KubeConfig; namespace?: string; signal?: AbortSignal }) => Promise<ControllerHandle>;

const S3_MODULE = '../s3/index.js';
const CONTROLLER_MODULE = '@argo-ts/controller';

export async function loadS3(): Promise<StartS3 | undefined> {
  const mod = await importOptional(S3_MODULE);
  return typeof mod?.startS3Server === 'function' ? (mod.startS3Server as StartS3) : undefined;
}

export async function loadController(): Promise<StartController | undefined> {
  const mod = await importOptional(CONTROLLER_MODULE);
  return typeof mod?.startController === 'function' ? (mod.startController as StartController) : undefined;
}

async function importOptional(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    // jest's resolver reports a missing module without a code.
    const msg = (e as Error).message ?? '';
    if (/Cannot find module|Could not locate module/.test(msg) && msg.includes(specifier)) return undefined;
    throw e;
  }
}
