#!/usr/bin/env node
// Runs a compatibility corpus (a directory with expected.tsv; default: Argo's
// sample in ../shared/argo-compat) end to end on a fresh local cluster and
// compares each row's outcome with its `expected` value. Prints one line per
// row, a summary, writes test/compat/results/compat.json and ends with the line
// `N passed, N failed`.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiClient } from './api.mjs';
import { judge, parseExpected } from './judge.mjs';
import { checkAssertions, countAssertions, loadAssertions } from './assertions.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.ARGO_COMPAT_DIR ?? path.resolve(repoRoot, '../shared/argo-compat') },
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '240' },
    // Substrings of row paths; a row runs when it contains any of them.
    filter: { type: 'string', multiple: true },
    // Node-level assertions (phases, messages, parameters, pod counts) beside the phase.
    assertions: { type: 'string', default: path.join(here, 'assertions.yaml') },
    'keep-state': { type: 'boolean', default: false },
    // A ratchet for CI while the corpus is not yet all green: the rows listed
    // in this file (one path per line) must pass; any other failure is reported
    // but does not fail the run. A relative path is taken from this folder.
    require: { type: 'string' },
    // Rows (one path per line, then a tab and the margin they rest on) run alone after the others.
    alone: { type: 'string', default: path.join(here, 'alone.txt') },
    // The kubelet's image mode (auto | pull | host); auto, the daemon's default, means host tools where no registry answers.
    images: { type: 'string', default: 'auto' },
    // Pods as Kubernetes runs them (issue 11): argoexec as its own sandboxed
    // process, containers as their users, the controller as its own process,
    // strict validation of core kinds in the API server.
    faithful: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const dir = path.resolve(opts.dir);
const concurrency = Number(opts.concurrency);
const timeoutMs = Number(opts.timeout) * 1000;
const NAMESPACE = 'argo';

if (!['auto', 'pull', 'host'].includes(opts.images)) {
  console.error(`compat: --images: expected auto, pull or host, got "${opts.images}"`);
  process.exit(2);
}
const rows = parseExpected(readFileSync(path.join(dir, 'expected.tsv'), 'utf8'));
let assertions;
try {
  assertions = loadAssertions(path.resolve(opts.assertions));
} catch (e) {
  console.error(`compat: ${e.message}`);
  process.exit(2);
}
// An assertion keyed by a path the corpus does not have would never run: refuse it.
const unknownKeys = Object.keys(assertions).filter((k) => !rows.some((r) => r.path === k));
if (unknownKeys.length > 0) {
  console.error(`compat: ${opts.assertions}: no row in expected.tsv for ${unknownKeys.join(', ')}`);
  process.exit(2);
}
const alone = new Set(readFileSync(path.resolve(opts.alone), 'utf8').split('\n').map((l) => l.split('\t')[0].trim()).filter((l) => l && !l.startsWith('#')));
const strays = [...alone].filter((p) => !rows.some((r) => r.path === p));
if (strays.length > 0) {
  console.error(`compat: ${opts.alone}: no row in expected.tsv for ${strays.join(', ')}`);
  process.exit(2);
}
const started = Date.now();

const { startLocalCluster } = await import('@argo-ts/local');
const spec = await import('@argo-ts/spec');
const stateDir = mkdtempSync(path.join(tmpdir(), 'argo-ts-compat-'));
const FAITHFUL = { executor: 'process', controllerMode: 'process', validation: 'strict' };
const mode = opts.faithful ? 'faithful' : 'fast';
const cluster = await startLocalCluster({ stateDir, port: 0, images: opts.images, ...(opts.faithful ? FAITHFUL : {}) });
const api = new ApiClient(cluster.adminApiUrl);

function loadDocs(rel) {
  const loaded = spec.loadManifests(readFileSync(path.join(dir, rel), 'utf8'), rel);
  if (loaded.problems.length > 0) throw new Error(spec.formatProblem(loaded.problems[0]));
  return loaded.documents.map((d) => d.object).filter((o) => o && typeof o === 'object');
}

const results = [];
function report(r) {
  results.push(r);
  const msg = r.message ? ` ${JSON.stringify(r.message).slice(0, 160)}` : '';
  console.log(`${r.verdict.padEnd(7)} ${r.path}  expected=${r.expected} got=${r.got}${msg} (${r.seconds.toFixed(1)}s)`);
}

try {
  // The corpus assumes Argo's quick-start install, which binds its pod-manager and
  // workflow-manager roles to the default account; the local cluster binds only
  // the executor's role by default (issue 14), so the runner binds the rest.
  await api.apply({ kind: 'RoleBinding', metadata: { name: 'argo-ts-quick-start-default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'argo-ts-quick-start' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NAMESPACE }] }, NAMESPACE);
  // Prerequisites first: every object in them, in namespace argo.
  const prereqObjects = [];
  for (const row of rows.filter((r) => r.expected === 'prerequisite')) {
    const t0 = Date.now();
    try {
      for (const obj of loadDocs(row.path)) {
        prereqObjects.push(obj);
        await api.apply(obj, NAMESPACE);
      }
      // Applied prerequisites are set-up, not results: listed, not counted.
      report({ ...row, verdict: 'APPLIED', got: 'applied', seconds: (Date.now() - t0) / 1000 });
    } catch (e) {
      report({ ...row, verdict: 'FAIL', got: 'apply failed', message: String(e.message ?? e), seconds: (Date.now() - t0) / 1000 });
    }
  }

  const runnable = rows.filter((r) => r.expected !== 'prerequisite' && (!opts.filter || opts.filter.some((f) => r.path.includes(f))));
  const queue = runnable.filter((r) => !alone.has(r.path));
  const lastQueue = runnable.filter((r) => alone.has(r.path));
  await Promise.all(Array.from({ length: concurrency }, () => drain(queue, prereqObjects)));
  await drain(lastQueue, prereqObjects);
} finally {
  await cluster.stop();
  if (!opts['keep-state']) rmSync(stateDir, { recursive: true, force: true });
}

async function drain(queue, prereqObjects) {
  for (let row = queue.shift(); row; row = queue.shift()) {
    if (row.notes.startsWith('environment:')) {
      report({ ...row, verdict: 'SKIP', got: 'skipped', message: row.notes, seconds: 0 });
      continue;
    }
    const result = await runRow(row, prereqObjects);
    // Node-level assertions speak of a run: a row that carries them may not pass by being refused.
    if (assertions[row.path] && result.verdict === 'PASS' && result.got === 'refused') {
      result.verdict = 'FAIL';
      result.message = `assertions need a run, but it was refused: ${result.message}`;
    }
    report(result);
  }
}

async function runRow(row, prereqObjects) {
  const t0 = Date.now();
  const seconds = () => (Date.now() - t0) / 1000;
  // Lint exactly as `argo lint` would, with the prerequisites' templates known.
  const text = readFileSync(path.join(dir, row.path), 'utf8');
  const loaded = spec.loadManifests(text, row.path);
  const lint = spec.lintObjects(loaded.documents, { resolveTemplateRef: (name, clusterScope) => prereqObjects.find((o) =>
    o.kind === (clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate') && o.metadata?.name === name) });
  const errors = [...loaded.problems, ...lint.problems].filter((p) => p.severity !== 'warning');
  if (errors.length > 0) {
    return { ...row, ...judge(row.expected, { refused: true, message: spec.formatProblem(errors[0]) }), seconds: seconds() };
  }
  const docs = loaded.documents.map((d) => d.object).filter((o) => o && typeof o === 'object');
  const workflows = docs.filter((d) => d.kind === 'Workflow');
  try {
    for (const other of docs.filter((d) => d.kind !== 'Workflow')) await api.apply(other, NAMESPACE);
  } catch (e) {
    return { ...row, ...judge(row.expected, { refused: true, message: String(e.message ?? e) }), seconds: seconds() };
  }
  if (workflows.length === 0) {
    return { ...row, verdict: 'FAIL', got: 'no Workflow in file', seconds: seconds() };
  }
  const outcomes = [];
  for (const wf of workflows) {
    let created;
    try {
      if (wf.metadata?.name) await api.deleteAndWait('workflows', NAMESPACE, wf.metadata.name);
      created = await api.create('workflows', NAMESPACE, wf);
    } catch (e) {
      outcomes.push({ refused: true, message: String(e.message ?? e) });
      continue;
    }
    const final = await api.waitForCompletion(NAMESPACE, created.metadata.name, timeoutMs);
    outcomes.push({ phase: final?.status?.phase ?? 'Unknown', message: final?.status?.message ?? '', name: created.metadata.name, final });
    if (final?.status?.phase === 'Running' || !final?.status?.phase) await api.delete('workflows', NAMESPACE, created.metadata.name).catch(() => {});
  }
  // A file with several workflows passes only if every one of them does.
  const judged = outcomes.map((o) => judge(row.expected, o));
  const worst = judged.find((j) => j.verdict === 'FAIL') ?? judged[0];
  const rowAssertions = assertions[row.path];
  if (worst.verdict === 'PASS' && rowAssertions) {
    const failures = outcomes.flatMap((o) => (o.refused ? [] : checkAssertions(o.final, rowAssertions)));
    if (failures.length > 0) return { ...row, verdict: 'FAIL', got: worst.got, message: `assertions: ${failures.join('; ')}`, seconds: seconds() };
  }
  return { ...row, ...worst, seconds: seconds() };
}

const passed = results.filter((r) => r.verdict === 'PASS').length;
const failed = results.filter((r) => r.verdict === 'FAIL').length;
const skipped = results.filter((r) => r.verdict === 'SKIP');
const totalSeconds = (Date.now() - started) / 1000;
const byExpected = {};
for (const r of results.filter((x) => x.verdict === 'PASS')) byExpected[r.expected] = (byExpected[r.expected] ?? 0) + 1;
console.log('');
console.log(`corpus: ${dir} (mode: ${mode})`);
console.log(`passed by expected value: ${JSON.stringify(byExpected)}`);
for (const s of skipped) console.log(`skipped: ${s.path} — ${s.notes}`);
const asserted = results.filter((r) => assertions[r.path] && r.verdict !== 'SKIP');
const assertionCount = asserted.reduce((n, r) => n + countAssertions(assertions[r.path]), 0);
console.log(`node-level assertions: ${asserted.length} rows carry ${assertionCount} assertions (${asserted.filter((r) => r.verdict === 'PASS').length} of those rows pass)`);
console.log(`time: ${totalSeconds.toFixed(1)} s`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, `results/${opts.faithful ? 'compat-faithful' : 'compat'}.json`), JSON.stringify({
  corpus: dir, mode, passed, failed, skipped: skipped.length, seconds: totalSeconds, results,
}, null, 2));
let exitCode = failed === 0 ? 0 : 1;
if (opts.require) {
  const required = readFileSync(path.resolve(here, opts.require), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const byPath = new Map(results.map((r) => [r.path, r]));
  const regressed = required.filter((p) => byPath.get(p)?.verdict !== 'PASS');
  for (const p of regressed) console.log(`REGRESSION ${p}: ${byPath.get(p)?.verdict ?? 'not run'}`);
  console.log(`required rows: ${required.length - regressed.length} of ${required.length} pass`);
  exitCode = regressed.length === 0 ? 0 : 1;
}
console.log(`compat: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
process.exit(exitCode);
