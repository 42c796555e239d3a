// Image modes benchmark: a registry on loopback (Debian's docker-registry)
// serves the 3-layer busybox test image; a local cluster (no controller)
// runs `/bin/true` pods sequentially in `host` mode (host tools) and in `pull`
// mode (the image's layers under an overlay per container). Reports the first
// pull (create -> Succeeded, cold cache) and the per-pod median in each mode.
// Prints a table and writes bench/results/images.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '@argo-ts/local';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.N ?? 20);
// The e2e tests' registry and image builder (packages/cli/src/e2e/registry-harness.ts), as built.
const { TestRegistry, busyboxLayers, IMAGE_CONFIG, hasRegistryTools } = await import(path.join(here, '..', '..', 'packages', 'cli', 'dist', 'e2e', 'registry-harness.js'));
if (!hasRegistryTools) {
  console.error('bench/images: needs docker-registry and busybox-static');
  process.exit(2);
}

async function podSucceeded(base, name, image) {
  const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image, command: ['/bin/true'] }] } };
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/namespaces/default/pods`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${await res.text()}`);
  for (;;) {
    const pod = await (await fetch(`${base}/api/v1/namespaces/default/pods/${name}`)).json();
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') return performance.now() - t0;
    if (phase === 'Failed' || performance.now() - t0 > 60_000) throw new Error(`pod ${name}: ${JSON.stringify(pod.status)}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scratch = mkdtempSync(path.join(tmpdir(), 'argo-ts-bench-images-'));
const registry = new TestRegistry(path.join(scratch, 'registry'));
const result = { name: 'images', n: N, load_avg_1m: [+loadavg()[0].toFixed(2)], node: process.version, date: new Date().toISOString() };
try {
  await registry.start();
  await registry.pushImage('busy', 'v1', busyboxLayers(path.join(scratch, 'layers')), IMAGE_CONFIG);
  const image = `${registry.host}/busy:v1`;
  for (const mode of ['host', 'pull']) {
    const stateDir = path.join(scratch, `state-${mode}`);
    const cluster = await startLocalCluster({ stateDir, controller: false, images: mode, log: () => {} });
    try {
      const first = await podSucceeded(cluster.adminApiUrl, 'first', image);
      const times = [];
      for (let i = 0; i < N; i++) times.push(await podSucceeded(cluster.adminApiUrl, `p-${i}`, image));
      result[`${mode}_first_pod_ms`] = +first.toFixed(1);
      result[`${mode}_median_ms`] = +median(times).toFixed(1);
      result[`${mode}_min_ms`] = +Math.min(...times).toFixed(1);
    } finally {
      await cluster.stop();
    }
  }
} finally {
  await registry.stop();
  rmSync(scratch, { recursive: true, force: true });
}
result.load_avg_1m.push(+loadavg()[0].toFixed(2));
console.log('images: pod create -> Succeeded for /bin/true, host tools vs the pulled image (sequential)');
console.log('| metric | host | pull |\n|---|---|---|');
for (const m of ['first_pod_ms', 'median_ms', 'min_ms']) console.log(`| ${m} | ${result[`host_${m}`]} | ${result[`pull_${m}`]} |`);
console.log(`| load_avg_1m | ${result.load_avg_1m.join(' -> ')} | |`);
const out = path.join(here, '..', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'images.json'), JSON.stringify(result, null, 2) + '\n');
