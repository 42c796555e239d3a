/** Pod builders and a harness for kubelet tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { Kubelet } from '../kubelet.js';
import type { InProcessExecutor } from '../runtime.js';
import { FakeApi } from './fake-api.js';

export function pod(name: string, containers: V1Container[], extra: Partial<V1Pod['spec']> = {}): V1Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: randomUUID(), labels: { app: 'test' }, annotations: { note: 'hi' } },
    spec: { restartPolicy: 'Never', containers, ...extra },
  };
}

export function sh(name: string, script: string, extra: Partial<V1Container> = {}): V1Container {
  return { name, image: 'alpine:3.18', command: ['/bin/sh', '-c', script], ...extra };
}

export interface Harness {
  api: FakeApi;
  kubelet: Kubelet;
  stateDir: string;
  logs: string[];
  close(): Promise<void>;
}

export function harness(executor?: InProcessExecutor): Harness {
  const stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-kubelet-'));
  const api = new FakeApi();
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
  });
  const logs: string[] = [];
  const kubelet = new Kubelet({ kubeConfig, stateDir, api, executor, log: (m) => logs.push(m) });
  return {
    api, kubelet, stateDir, logs,
    async close() {
      await kubelet.stop(0);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export async function readAll(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (!stream) return '<no stream>';
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}
