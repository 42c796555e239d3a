import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
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

  it('re-lists when the watch answers 410 Gone (an expired resourceVersion), then goes on watching', async () => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-kwatch-'));
    const logs = new LogRegistry(dir);
    server = await startApiServer({ stateDir: join(dir, 'api'), port: 0, logs, token: ADMIN });
    const target = new URL(server.url);
    // In front of the API server: the first pod watch gets an ERROR event with Status 410, as after a compaction.
    const seen: string[] = [];
    let expired = false;
    const proxy = http.createServer((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/api/v1/pods')) seen.push(url.includes('watch=true') ? 'watch' : 'list');
      if (url.startsWith('/api/v1/pods?') && url.includes('watch=true') && !expired) {
        expired = true;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 1 (2)' } })}\n`);
        return;
      }
      const up = http.request({ host: target.hostname, port: target.port, path: url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    try {
      const kc = kubeConfigFor(`http://127.0.0.1:${(proxy.address() as { port: number }).port}`, ADMIN);
      const lines: string[] = [];
      kubelet = new Kubelet({ kubeConfig: kc, stateDir: dir, logs, log: (m) => lines.push(m) });
      await kubelet.start();
      const api = kubeConfigFor(server.url, ADMIN).makeApiClient(k8s.CoreV1Api);
      expect(await runPod(api, 'after-gone')).toBe('Succeeded');
      expect(seen.slice(0, 4)).toEqual(['list', 'watch', 'list', 'watch']);
      // Gone is routine, not a failure worth a log line.
      expect(lines.filter((l) => l.includes('pod watch failed'))).toEqual([]);
    } finally {
      await kubelet?.stop(0);
      kubelet = undefined;
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  }, 30_000);
});
