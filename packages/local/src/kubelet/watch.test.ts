import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../apiserver/index.js';
import { kubeConfigFor } from '../daemon/kubeconfig.js';

const ADMIN = 'admin-token-for-tests';
import { Kubelet } from './kubelet.js';
import { LogRegistry } from './logs.js';

let dir: string;
let server: ApiServer | undefined;
let kubelet: Kubelet | undefined;
afterEach(async () => {
  await kubelet?.stop(0);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runPod(api: k8s.CoreV1Api, name: string): Promise<string | undefined> {
  await api.createNamespacedPod({ namespace: 'default', body: {
    metadata: { name }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'alpine', command: ['true'] }] },
  } });
  const end = Date.now() + 15_000;
  for (;;) {
    const phase = (await api.readNamespacedPod({ namespace: 'default', name })).status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || Date.now() > end) return phase;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kubelet watch', () => {
  it('keeps working across an API server restart (watch error → backoff → re-watch)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-kwatch-'));
    const logs = new LogRegistry(dir);
    server = await startApiServer({ stateDir: join(dir, 'api'), port: 0, logs, token: ADMIN });
    const port = server.port;
    const kc = kubeConfigFor(server.url, ADMIN);
    const lines: string[] = [];
    kubelet = new Kubelet({ kubeConfig: kc, stateDir: dir, logs, log: (m) => lines.push(m) });
    await kubelet.start();
    const api = kc.makeApiClient(k8s.CoreV1Api);
    expect(await runPod(api, 'before')).toBe('Succeeded');

    await server.close();
    server = undefined;
    await new Promise((r) => setTimeout(r, 300));
    server = await startApiServer({ stateDir: join(dir, 'api'), port, logs, token: ADMIN });
    expect(await runPod(api, 'after')).toBe('Succeeded');
    // The pod that already ran is not run again after the re-list.
    const before = await api.readNamespacedPod({ namespace: 'default', name: 'before' });
    expect(before.status?.reason).toBeUndefined();
  }, 30_000);
});
