// Per-step overhead of a workflow, fast mode and faithful mode side by side:
// an N-step sequential workflow of trivial steps (`true`) submitted through
// the CLI (`argo submit --wait`) on a fresh local cluster per mode. A step's
// overhead is the time from the previous step's pod ending (its last
// container's finishedAt, ms precision) to this step's pod ending: controller
// reaction, pod creation, init, main, wait and the status round trips; the
// work itself is nil. The first step is counted from the workflow's creation.
// Prints a table and writes bench/results/step-overhead.json.
//   N=20 MODES=fast,faithful node bench/step-overhead/run.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCluster } from '@argo-ts/local';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.N ?? 20);
const MODES = (process.env.MODES ?? 'fast,faithful').split(',');
const ARGO = path.resolve(here, '../../packages/cli/bin/argo.js');
const SETTINGS = {
  fast: {},
  faithful: { executor: 'process', controllerMode: 'process', validation: 'strict' },
};

function workflow(n) {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'steps-' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: Array.from({ length: n }, (_, i) => [{ name: `s${i}`, template: 'noop' }]) },
        { name: 'noop', container: { image: 'alpine:3.20', command: ['true'] } },
      ],
    },
  });
}

function argo(args, kubeconfig, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ARGO, ...args, '--kubeconfig', kubeconfig], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`argo ${args.join(' ')}: exit ${code}: ${stderr}`))));
    if (input !== undefined) child.stdin.end(input);
  });
}

async function pods(apiUrl, namespace, workflowName) {
  const res = await fetch(`${apiUrl}/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`workflows.argoproj.io/workflow=${workflowName}`)}`);
  return (await res.json()).items;
}

const lastFinish = (pod) => Math.max(...(pod.status?.containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter(Number.isFinite));

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(mode) {
  const stateDir = mkdtempSync(path.join(tmpdir(), `argo-ts-bench-steps-${mode}-`));
  const cluster = await startLocalCluster({ stateDir, port: 0, ...SETTINGS[mode], log: process.env.DEBUG ? (l) => console.error(l) : () => {} });
  try {
    const t0 = performance.now();
    const name = (await argo(['submit', '--wait', '-o', 'name', '-n', 'default', '-'], cluster.kubeconfigPath, workflow(N))).trim().split('\n')[0];
    const wallMs = performance.now() - t0;
    const wf = JSON.parse(await argo(['get', name, '-n', 'default', '-o', 'json'], cluster.kubeconfigPath));
    if (wf.status?.phase !== 'Succeeded') throw new Error(`${mode}: workflow ${name} ended ${wf.status?.phase}: ${wf.status?.message ?? ''}`);
    const ends = (await pods(cluster.adminApiUrl, 'default', name)).map(lastFinish).sort((a, b) => a - b);
    if (ends.length !== N) throw new Error(`${mode}: expected ${N} pods, found ${ends.length}`);
    const created = Date.parse(wf.metadata.creationTimestamp);
    const steps = ends.map((end, i) => end - (i === 0 ? created : ends[i - 1]));
    const sorted = [...steps].sort((a, b) => a - b);
    return {
      mode, steps: N, wall_s: +(wallMs / 1000).toFixed(1),
      p50_ms: Math.round(pct(sorted, 50)), p99_ms: Math.round(pct(sorted, 99)), min_ms: Math.round(sorted[0]), max_ms: Math.round(sorted[sorted.length - 1]),
    };
  } finally {
    await cluster.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

const loadBefore = loadavg()[0];
const rows = [];
for (const mode of MODES) {
  if (!SETTINGS[mode]) { console.error(`unknown mode "${mode}" (known: ${Object.keys(SETTINGS).join(', ')})`); process.exit(2); }
  rows.push(await measure(mode));
}
const result = {
  name: 'step-overhead', n: N, rows,
  // Other work on the machine dominates these figures: record the 1-minute load average.
  load_avg_1m: [+loadBefore.toFixed(2), +loadavg()[0].toFixed(2)],
  node: process.version, date: new Date().toISOString(),
};
console.log(`per-step overhead: ${N} sequential trivial steps through the CLI (argo submit --wait)`);
console.log('| mode | steps | wall s | p50 ms | p99 ms | min ms | max ms |\n|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.mode} | ${r.steps} | ${r.wall_s} | ${r.p50_ms} | ${r.p99_ms} | ${r.min_ms} | ${r.max_ms} |`);
console.log(`load average (1 min): ${result.load_avg_1m.join(' -> ')}`);
const out = path.join(here, '..', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'step-overhead.json'), JSON.stringify(result, null, 2) + '\n');
