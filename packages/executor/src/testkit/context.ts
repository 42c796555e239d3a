import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { Env } from '@argo-ts/spec';
import type { ExecutorContext } from '../context.js';

export interface TestContext extends ExecutorContext {
  root: string;
  abort: AbortController;
  output(): { stdout: string; stderr: string };
}

/** An ExecutorContext whose container paths live under a fresh temp dir. */
export async function testContext(args: string[], template: object, kubeConfig: KubeConfig, env: Record<string, string> = {}): Promise<TestContext> {
  const root = await mkdtemp(join(tmpdir(), 'argoexec-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const abort = new AbortController();
  return {
    root, abort, args, kubeConfig, stdout, stderr, signal: abort.signal,
    env: {
      [Env.template]: JSON.stringify(template),
      [Env.podName]: 'wf-1-main-123', [Env.namespace]: 'argo', [Env.nodeId]: 'wf-1-123',
      [Env.workflowName]: 'wf-1', [Env.workflowUid]: 'uid-1', [Env.containerName]: args[0] ?? 'init',
      ...env,
    },
    resolvePath: (p) => join(root, p),
    output: () => ({ stdout: out, stderr: err }),
  };
}
