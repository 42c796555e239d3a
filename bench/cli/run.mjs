// Cold start of the `argo` CLI: wall time of `argo version` and `argo list`
// (20 workflows stored; with --kubeconfig, and the README's way with the local cluster as the default) as fresh processes, median of 20 runs after 3
// warm-ups. Target: <= 200 ms median. Prints a table and writes
// bench/results/cli.json. The API server runs in this process (temp state).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '@argo-ts/local';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', '..', 'packages', 'cli', 'bin', 'argo.js');
const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 3;
const TARGET_MS = 200;

const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const server = await startApiServer({ stateDir: join(dir, 'state') });
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: b\nclusters: [{name: b, cluster: {server: "${server.url}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: b, context: {cluster: b, user: u, namespace: default}}]\n`);

for (let i = 0; i < 20; i++) {
  const res = await fetch(`${server.url}/apis/argoproj.io/v1alpha1/namespaces/default/workflows`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: `bench-${i}` }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] } }),
  });
  if (!res.ok) throw new Error(`seeding workflow bench-${i}: HTTP ${res.status}`);
}

// The README's way: no --kubeconfig, the local cluster the default. A ready file says a daemon
// (this process) serves the API, so the CLI finds it as it finds `argo local start`'s daemon.
const stateDir = join(dir, 'local-state');
const home = join(dir, 'home');
mkdirSync(stateDir, { recursive: true });
mkdirSync(home, { recursive: true });
writeFileSync(join(stateDir, 'daemon.ready'), JSON.stringify({ pid: process.pid, apiUrl: server.url, s3Url: '', kubeconfigPath: kubeconfig, startedAt: new Date().toISOString() }));
const localEnv = { ...process.env, ARGO_TS_STATE_DIR: stateDir, HOME: home, KUBECONFIG: '' };

function runOnce(args, local = false) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = local
      ? spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: localEnv })
      : spawn(process.execPath, [BIN, ...args, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`argo ${args.join(' ')} exited ${code}: ${err.trim()}`));
      else resolve(ms);
    });
  });
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
// `list --status` takes the full yargs parser (array flag), the other two the fast path.
const cases = [['version'], ['list'], ['list', '--status', 'Pending'], ['list', '(local default)']];
const results = [];
// A bare `node -e 0` is the floor any Node CLI pays.
const floorTimes = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = process.hrtime.bigint();
  await new Promise((r) => spawn(process.execPath, ['-e', '0']).on('close', r));
  floorTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
floorTimes.sort((a, b) => a - b);
results.push({ command: 'node -e 0 (floor)', runs: RUNS, medianMs: pct(floorTimes, 50), p90Ms: pct(floorTimes, 90), minMs: floorTimes[0] });
for (const label of cases) {
  const local = label.includes('(local default)');
  const args = label.filter((a) => a !== '(local default)');
  for (let i = 0; i < WARMUP; i++) await runOnce(args, local);
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await runOnce(args, local));
  times.sort((a, b) => a - b);
  results.push({ command: `argo ${label.join(' ')}`, runs: RUNS, medianMs: pct(times, 50), p90Ms: pct(times, 90), minMs: times[0], targetMs: TARGET_MS, meetsTarget: pct(times, 50) <= TARGET_MS });
}
await server.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n) => (n === undefined ? '' : n.toFixed(1));
const rows = [['command', 'runs', 'median ms', 'p90 ms', 'min ms', 'target ms', 'ok'],
  ...results.map((r) => [r.command, String(r.runs), fmt(r.medianMs), fmt(r.p90Ms), fmt(r.minMs), r.targetMs ? String(r.targetMs) : '', r.targetMs ? (r.meetsTarget ? 'yes' : 'NO') : ''])];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());

const outDir = join(here, '..', 'results');
mkdirSync(outDir, { recursive: true });
// The machine may be shared: the load average says how much the figures are worth.
const load = loadavg().map((l) => Number(l.toFixed(2)));
console.log(`load average (1/5/15 min): ${load.join(' ')} on ${cpus().length} cpus`);
writeFileSync(join(outDir, 'cli.json'), `${JSON.stringify({ name: 'cli', date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverage: load, results }, null, 2)}\n`);
console.log(`wrote ${join(outDir, 'cli.json')}`);
