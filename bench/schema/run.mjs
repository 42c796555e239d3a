#!/usr/bin/env node
// Throughput of the @argo-ts/spec schemas and CRD tooling: zod parsing of the
// Argo corpus and of a large synthetic workflow, structural validation, CRD
// and OpenAPI generation. Prints a table and writes bench/results/schema.json.
// Run after `pnpm --filter @argo-ts/spec build`: node bench/schema/run.mjs
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { KINDS, kindSchema, renderCrdFiles, schemaForKind, structuralSchema, validateStructural, WorkflowSchema } from '@argo-ts/spec';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/argo-compat');

function corpusDocs() {
  const docs = [];
  for (const f of readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f))) {
    for (const d of parseAllDocuments(readFileSync(path.join(corpus, f), 'utf8'))) {
      const o = d.toJS();
      if (o && schemaForKind(o.kind)) docs.push(o);
    }
  }
  return docs;
}

/** A workflow with `n` script templates called from one DAG of `n` tasks in a chain. */
function bigWorkflow(n) {
  const templates = [];
  const tasks = [];
  for (let i = 0; i < n; i++) {
    templates.push({
      name: `t${i}`,
      inputs: { parameters: [{ name: 'x', value: i }], artifacts: [{ name: 'a', path: '/tmp/a', s3: { key: `k${i}` } }] },
      outputs: { parameters: [{ name: 'y', valueFrom: { path: '/tmp/y' } }] },
      script: { image: 'python:3', command: ['python'], source: 'print(1)', env: [{ name: 'A', value: 'b' }] },
      retryStrategy: { limit: 2, backoff: { duration: '1s', factor: 2 } },
    });
    tasks.push({ name: `n${i}`, template: `t${i}`, depends: i ? `n${i - 1}` : undefined, arguments: { parameters: [{ name: 'x', value: '{{item}}' }] }, withItems: [1, 2] });
  }
  templates.push({ name: 'main', dag: { tasks } });
  return JSON.parse(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'big' }, spec: { entrypoint: 'main', templates } }));
}

function time(label, unit, count, fn) {
  fn(); // warm-up
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rounds.sort((a, b) => a - b);
  const ms = rounds[2];
  return { label, unit, count, medianMs: +ms.toFixed(2), perSecond: Math.round((count / ms) * 1000) };
}

const docs = corpusDocs();
const big = bigWorkflow(1000);
const bigBytes = JSON.stringify(big).length;
const wfSchema = kindSchema(KINDS.Workflow);
const rows = [
  time(`zod parse, Argo corpus (${docs.length} docs)`, 'docs', docs.length, () => {
    for (const d of docs) schemaForKind(d.kind).parse(d);
  }),
  time(`zod parse, 1000-template workflow (${(bigBytes / 1024).toFixed(0)} KiB JSON)`, 'templates', 1000, () => WorkflowSchema.parse(big)),
  time('structural validation, 1000-template workflow', 'templates', 1000, () => {
    if (validateStructural(wfSchema, big).length) throw new Error('big workflow invalid');
  }),
  time('structural schema of Workflow (z.toJSONSchema + conversion)', 'schemas', 1, () => structuralSchema(WorkflowSchema)),
  time('render all CRD files', 'files', renderCrdFiles().size, () => renderCrdFiles()),
];

const width = Math.max(...rows.map((r) => r.label.length));
console.log(`${'benchmark'.padEnd(width)}  median ms  per second`);
for (const r of rows) console.log(`${r.label.padEnd(width)}  ${String(r.medianMs).padStart(9)}  ${String(r.perSecond).padStart(8)} ${r.unit}`);
mkdirSync(path.resolve(here, '../results'), { recursive: true });
writeFileSync(path.resolve(here, '../results/schema.json'), JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2) + '\n');
