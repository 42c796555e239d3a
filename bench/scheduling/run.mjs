#!/usr/bin/env node
// Operator scheduling cost: drives the pure operator over large workflows with
// simulated pods that finish as soon as they start, and measures the CPU spent
// inside operate() only (pod simulation is excluded). Scenarios: a 10,000-task
// fan-out/fan-in DAG, a 10,000-task chain, a 10,000-item withItems loop.
// Operator time is process CPU (process.cpuUsage), so other load on the
// machine does not inflate it; wall time is recorded too. Prints a table and writes bench/results/scheduling.json. Target: total
// operator time <= 10 s per scenario. Build the controller first
// (pnpm --filter @argo-ts/controller build).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Simulator } = await import(path.resolve(here, '../../packages/controller/dist/operator/testing/simulator.js'));

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '10000' } } });
const N = Number(opts.n);
const leaf = { name: 't', container: { image: 'busybox', command: ['true'] } };

function fanOutIn(n) {
  const tasks = [{ name: 'start', template: 't' }];
  for (let i = 0; i < n; i++) tasks.push({ name: `m${i}`, template: 't', dependencies: ['start'] });
  tasks.push({ name: 'end', template: 't', depends: 'm0' + (n > 1 ? ' && m1' : '') });
  // `end` waits for every middle task through dependencies (the fan-in).
  tasks[tasks.length - 1] = { name: 'end', template: 't', dependencies: tasks.slice(1, -1).map((t) => t.name) };
  return { spec: { entrypoint: 'd', templates: [{ name: 'd', dag: { tasks } }, leaf] } };
}

function chain(n) {
  const tasks = [{ name: 'c0', template: 't' }];
  for (let i = 1; i < n; i++) tasks.push({ name: `c${i}`, template: 't', dependencies: [`c${i - 1}`] });
  return { spec: { entrypoint: 'd', templates: [{ name: 'd', dag: { tasks } }, leaf] } };
}

function loop(n) {
  const items = Array.from({ length: n }, (_, i) => i);
  return {
    spec: {
      entrypoint: 's',
      templates: [
        { name: 's', steps: [[{ name: 'each', template: 'p', withItems: items, arguments: { parameters: [{ name: 'v', value: '{{item}}' }] } }]] },
        { name: 'p', inputs: { parameters: [{ name: 'v' }] }, container: { image: 'busybox', command: ['echo', '{{inputs.parameters.v}}'] } },
      ],
    },
  };
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const scenarios = [
  ['dag fan-out/fan-in', fanOutIn(N)],
  ['dag chain', chain(N)],
  ['withItems loop', loop(N)],
];

const results = [];
for (const [name, spec] of scenarios) {
  const wf = { metadata: { name: 'bench' }, ...spec };
  const sim = new Simulator(wf, () => ({ exitCode: 0 }));
  sim.inPlace = true;
  const wall0 = performance.now();
  sim.run(N * 3 + 10);
  const wall = performance.now() - wall0;
  const ms = sim.timings.map((t) => t.cpuMs);
  const total = ms.reduce((a, b) => a + b, 0);
  // Per-reconcile time by node-count band: shows whether cost grows with the workflow's size.
  const bands = [];
  const maxNodes = Math.max(...sim.timings.map((t) => t.nodes));
  for (const frac of [0.1, 0.5, 1]) {
    const lo = frac === 0.1 ? 0 : maxNodes * (frac === 0.5 ? 0.4 : 0.9);
    const hi = maxNodes * (frac === 0.1 ? 0.1 : frac === 0.5 ? 0.6 : 1);
    const sel = sim.timings.filter((t) => t.nodes >= lo && t.nodes <= hi).map((t) => t.cpuMs);
    if (sel.length) bands.push({ nodes: `${Math.round(lo)}-${Math.round(hi)}`, reconciles: sel.length, medianMs: +percentile(sel, 50).toFixed(3) });
  }
  const r = {
    scenario: name, tasks: N, phase: sim.wf.status.phase, nodes: Object.keys(sim.wf.status.nodes).length,
    reconciles: sim.operations, operatorCpuMs: +total.toFixed(1), operatorWallMs: +sim.timings.reduce((a, t) => a + t.ms, 0).toFixed(1), benchWallMs: +wall.toFixed(1),
    p50Ms: +percentile(ms, 50).toFixed(3), p99Ms: +percentile(ms, 99).toFixed(3), maxMs: +Math.max(...ms).toFixed(1),
    bands, targetMs: 10_000, withinTarget: total <= 10_000, loadAverage: (await import('node:os')).loadavg()[0],
  };
  results.push(r);
  console.error(`${name}: ${r.phase} in ${r.reconciles} reconciles, operator CPU ${r.operatorCpuMs} ms`);
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('scenario', 20)}${pad('tasks', 7)}${pad('nodes', 7)}${pad('phase', 11)}${pad('reconciles', 11)}${pad('op CPU ms', 13)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}per-reconcile median by node count`);
for (const r of results) {
  console.log(`${pad(r.scenario, 20)}${pad(r.tasks, 7)}${pad(r.nodes, 7)}${pad(r.phase, 11)}${pad(r.reconciles, 11)}${pad(r.operatorCpuMs, 13)}${pad(r.p50Ms, 9)}${pad(r.p99Ms, 9)}${pad(r.maxMs, 9)}${r.bands.map((b) => `${b.nodes}: ${b.medianMs}`).join('; ')}`);
}
const out = path.resolve(here, '../results/scheduling.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
