/* global process, console, Buffer */
// Local API server benchmark: create throughput (concurrency 1 and 16) and
// watch-event latency. Prints a table and writes bench/results/local-api.json.
// Targets (issue 3): >= 1,000 creates/s; median watch latency <= 5 ms.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.N ?? 2000);
const WATCH_N = Number(process.env.WATCH_N ?? 1000);
const NS_PATH = '/apis/argoproj.io/v1alpha1/namespaces/default/workflows';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function workflow(name) {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
    metadata: { name, labels: { bench: 'yes' } },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine', command: ['echo', name] } }] },
  });
}

function post(base, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(base + NS_PATH, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`create answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function serverCpuMs() {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m.cpu.user + m.cpu.system) / 1000));
    child.send('cpu');
  });
}

async function creates(base, prefix, count, concurrency) {
  let next = 0;
  const cpuBefore = await serverCpuMs();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await post(base, workflow(`${prefix}-${next++}`));
  }));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const serverCpuMsPerCreate = ((await serverCpuMs()) - cpuBefore) / count;
  return { count, concurrency, seconds: secs, perSecond: count / secs, serverCpuMsPerCreate };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function watchLatency(base, count) {
  const seen = new Map();
  let buffered = '';
  const watchReq = http.get(`${base}${NS_PATH}?watch=true&labelSelector=lat%3Dyes`);
  await new Promise((resolve) => watchReq.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      const at = process.hrtime.bigint();
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const ev = JSON.parse(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (ev.type === 'ADDED') seen.get(ev.object.metadata.name)?.(at);
      }
    });
    resolve();
  }));
  const fromResponse = [];
  const fromRequest = [];
  for (let i = 0; i < count; i++) {
    const name = `lat-${i}`;
    const body = JSON.parse(workflow(name));
    body.metadata.labels.lat = 'yes';
    const event = new Promise((resolve) => seen.set(name, resolve));
    const sent = process.hrtime.bigint();
    await post(base, JSON.stringify(body));
    const answered = process.hrtime.bigint();
    const at = await event;
    fromResponse.push(Number(at - answered) / 1e6);
    fromRequest.push(Number(at - sent) / 1e6);
  }
  watchReq.destroy();
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
  };
  return { count, fromResponseMs: stats(fromResponse), fromRequestMs: stats(fromRequest) };
}

const stateDir = mkdtempSync(path.join(tmpdir(), 'argo-ts-bench-api-'));

/** The disk's own floor for an acknowledged write: one append + fdatasync. */
function measureFsync() {
  const fd = openSync(path.join(stateDir, 'probe'), 'a');
  const xs = [];
  for (let i = 0; i < 200; i++) {
    const t = process.hrtime.bigint();
    writeSync(fd, 'x'.repeat(400) + '\n');
    fdatasyncSync(fd);
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  closeSync(fd);
  return percentile(xs.sort((a, b) => a - b), 50);
}
const fsyncMs = measureFsync();
const child = fork(path.join(here, 'server.mjs'), [stateDir], { stdio: 'inherit', execArgv: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.PROF] : [] });
const { url } = await new Promise((resolve) => child.once('message', resolve));
try {
  await creates(url, 'warm', 200, 4);
  const c1 = await creates(url, 'c1', N / 2, 1);
  const c16 = await creates(url, 'c16', N, 16);
  const latency = await watchLatency(url, WATCH_N);
  const f = (x) => x.toFixed(2);
  console.log('| measurement | value | target |');
  console.log('|---|---|---|');
  console.log(`| creates/s, concurrency 1 (${c1.count} workflows) | ${c1.perSecond.toFixed(0)} | >= 1000 |`);
  console.log(`| creates/s, concurrency 16 (${c16.count} workflows) | ${c16.perSecond.toFixed(0)} | >= 1000 |`);
  console.log(`| server CPU per create, concurrency 1 / 16 (ms) | ${f(c1.serverCpuMsPerCreate)} / ${f(c16.serverCpuMsPerCreate)} | |`);
  console.log(`| fdatasync latency on the state dir, median (ms) | ${f(fsyncMs)} | |`);
  console.log(`| load average (1 min) during the run | ${loadavg()[0].toFixed(1)} on ${cpus().length} cores | |`);
  console.log(`| watch latency after create response, median / p95 / max (ms, ${latency.count} objects) | ${f(latency.fromResponseMs.median)} / ${f(latency.fromResponseMs.p95)} / ${f(latency.fromResponseMs.max)} | median <= 5 |`);
  console.log(`| watch latency after create request sent, median / p95 / max (ms) | ${f(latency.fromRequestMs.median)} / ${f(latency.fromRequestMs.p95)} / ${f(latency.fromRequestMs.max)} | |`);
  const results = {
    name: 'local-api', date: new Date().toISOString(), node: process.version,
    fsyncMedianMs: fsyncMs, loadAverage: loadavg(), cores: cpus().length,
    createsConcurrency1: c1, createsConcurrency16: c16, watchLatency: latency,
    targets: { createsPerSecond: 1000, medianWatchLatencyMs: 5 },
    met: { creates: Math.min(c1.perSecond, c16.perSecond) >= 1000, watchLatency: latency.fromResponseMs.median <= 5 },
  };
  const out = path.join(here, '..', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'local-api.json'), JSON.stringify(results, null, 2) + '\n');
} finally {
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(stateDir, { recursive: true, force: true });
  agent.destroy();
}
