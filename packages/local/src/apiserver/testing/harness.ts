/** Test helpers: a server on a temp state dir and client-node clients bound to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../server.js';

export interface Harness {
  server: ApiServer;
  dir: string;
  kc: k8s.KubeConfig;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<ApiServerOptions> = {}): Promise<Harness> {
  const dir = opts.stateDir ?? mkdtempSync(path.join(tmpdir(), 'argo-ts-api-'));
  const server = await startApiServer({ podDeletionMode: 'immediate', ...opts, stateDir: dir });
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'anon' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'anon', namespace: 'default' }],
    currentContext: 'local',
  });
  return {
    server, dir, kc,
    async close() {
      await server.close();
      if (!opts.stateDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function workflow(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, ...((extra.metadata as object) ?? {}) },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', 'hi'] } }] },
  };
}

export function waitFor<T>(fn: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const v = fn();
      if (v !== undefined && v !== false) resolve(v);
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
