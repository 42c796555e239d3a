/* global process, console, performance */
// argo-server event-stream latency: how long after a workflow status write
// the /api/v1/workflow-events stream delivers the node's new phase, on a local
// cluster without a controller (the bench writes the status itself).
// Prints a table and writes bench/results/server-events.json.
// Target (issue 18): a node's phase change delivered within 500 ms of the status write.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '@argo-ts/local';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.N ?? 200);
const NS = 'argo';
const TARGET_MS = 500;

const stateDir = mkdtempSync(path.join(tmpdir(), 'argo-ts-bench-server-'));
const cluster = await startLocalCluster({ stateDir, port: 0, s3Port: 0, serverPort: 0, controller: false, log: () => {} });
try {
  const token = JSON.parse(readFileSync(path.join(stateDir, 'settings.json'), 'utf8')).serverToken;
  const statusPath = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/bench/status`;
  const patch = async (status) => {
    const res = await fetch(cluster.adminApiUrl + statusPath, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ status }) });
    if (!res.ok) throw new Error(`status write answered ${res.status}`);
    return res.json();
  };
  const create = await fetch(`${cluster.serverUrl}/api/v1/workflows/${NS}`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workflow: { metadata: { name: 'bench' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }] } } }),
  });
  if (!create.ok) throw new Error(`create answered ${create.status}`);
  await patch({ phase: 'Running', nodes: { n: { id: 'n', name: 'bench.n', type: 'Pod', phase: 'Pending' } } });

  // One open stream; each status write waits for its event before the next.
  const waiting = new Map();
  // An event can arrive before the write's own answer does: keep its time until asked.
  const arrived = new Map();
  const req = request(`${cluster.serverUrl}/api/v1/workflow-events/${NS}?listOptions.fieldSelector=metadata.name%3Dbench`, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
    res.on('error', () => {});
    const rl = createInterface({ input: res });
    rl.on('error', () => {});
    rl.on('line', (l) => {
      const at = performance.now();
      const rv = JSON.parse(l).result?.object?.metadata?.resourceVersion;
      const wake = waiting.get(rv);
      if (wake) wake(at);
      else arrived.set(rv, at);
    });
  });
  req.on('error', () => {});
  req.end();
  await new Promise((r) => setTimeout(r, 500));

  const latencies = [];
  const phases = ['Running', 'Succeeded'];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    let resolveAt;
    const delivered = new Promise((r) => (resolveAt = r));
    const written = await patch({ nodes: { n: { phase: phases[i % 2] } } });
    const rv = written.metadata.resourceVersion;
    if (arrived.has(rv)) resolveAt(arrived.get(rv));
    else waiting.set(rv, resolveAt);
    const at = await Promise.race([delivered, new Promise((_, rej) => setTimeout(() => rej(new Error(`event ${i} not delivered in 10 s`)), 10_000))]);
    latencies.push(at - t0);
  }
  req.destroy();

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const f = (x) => x.toFixed(1);
  const summary = { count: N, medianMs: pct(50), p95Ms: pct(95), p99Ms: pct(99), maxMs: sorted[sorted.length - 1] };
  console.log('| measurement | value | target |');
  console.log('|---|---|---|');
  console.log(`| node phase change delivered after the status write began, median / p95 / p99 / max (ms, ${N} writes) | ${f(summary.medianMs)} / ${f(summary.p95Ms)} / ${f(summary.p99Ms)} / ${f(summary.maxMs)} | max <= ${TARGET_MS} |`);
  console.log(`| load average (1 min) during the run | ${loadavg()[0].toFixed(1)} on ${cpus().length} cores | |`);
  const out = path.join(here, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'server-events.json'), JSON.stringify({
    date: new Date().toISOString(), node: process.version, loadavg1: loadavg()[0], cores: cpus().length,
    latency: summary, targets: { maxDeliveryMs: TARGET_MS }, meetsTarget: summary.maxMs <= TARGET_MS,
  }, null, 2) + '\n');
} finally {
  await cluster.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
