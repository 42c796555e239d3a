#!/usr/bin/env node
// Coverage of Argo's schema: walks every field of the io.argoproj.workflow.v1alpha1
// definitions reachable from WorkflowSpec and CronWorkflowSpec (the specs of
// Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow) in the
// corpus's schema.json, and classifies each one as
//   implemented: coverage-map.yaml names a test file that exists and contains
//     the field's name (checked here), or
//   refused: @argo-ts/spec's lint refuses it (`not supported by argo-ts: ...`),
//     directly or because the field lies under a refused one.
// Writes docs/coverage.md (--write) or fails when it is stale or when a field
// is neither (--check, the package's `test`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { UNSUPPORTED_FIELDS } from '@argo-ts/spec';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const ARGO = 'io.argoproj.workflow.v1alpha1.';
const ROOTS = ['WorkflowSpec', 'CronWorkflowSpec'];
// Definitions every workflow test is about: their fields need no word leading to them.
const UBIQUITOUS = new Set([...ROOTS, 'Template']);

const { values: opts } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    // Print coverage-map.yaml lines for unmapped fields: the test file (preferring controller, executor,
    // local and cli tests over spec's schema tests) that uses the field's name most as a key. A proposal to review.
    propose: { type: 'boolean', default: false },
    dir: { type: 'string', default: process.env.ARGO_COMPAT_DIR ?? path.resolve(repoRoot, '../shared/argo-compat') },
  },
});

function fail(lines) {
  console.error(`coverage: ${lines.length} problem(s)`);
  for (const l of lines) console.error(`  ${l}`);
  process.exit(1);
}

const refName = (p) => (p?.$ref ?? '').replace('#/definitions/', '');

/** Argo definitions a property leads to (through arrays and maps). */
function targets(p) {
  const out = [];
  const visit = (x) => {
    if (!x || typeof x !== 'object') return;
    if (x.$ref) out.push(refName(x));
    if (x.items) visit(x.items);
    if (x.additionalProperties && typeof x.additionalProperties === 'object') visit(x.additionalProperties);
  };
  visit(p);
  return out.filter((t) => t.startsWith(ARGO));
}

/** Every field reachable from the roots, with the first field that reaches its definition. */
/** Property names that lead to each definition (`gauge` -> Gauge), so a test naming Gauge.value must also say gauge. */
const referrers = new Map();

function walkSchema(defs, refused) {
  const fields = [];
  const seen = new Set();
  const queue = ROOTS.map((r) => ({ def: ARGO + r, under: undefined }));
  // Reachable without crossing a refused field first; what is left is reachable only under one.
  const order = [];
  for (const pass of ['open', 'refused']) {
    const q = pass === 'open' ? [...queue] : order.filter((o) => o.blocked).map((o) => ({ def: o.def, under: o.under }));
    while (q.length > 0) {
      const { def, under } = q.shift();
      if (seen.has(def)) continue;
      seen.add(def);
      const short = def.slice(ARGO.length);
      for (const [name, prop] of Object.entries(defs[def]?.properties ?? {})) {
        const field = `${short}.${name}`;
        fields.push({ field, under });
        const via = refused.has(field) ? field : under;
        for (const t of targets(prop)) {
          const short2 = t.slice(ARGO.length);
          if (!referrers.has(short2)) referrers.set(short2, new Set());
          referrers.get(short2).add(name);
          if (refused.has(field) && pass === 'open') order.push({ def: t, under: field, blocked: true });
          else q.push({ def: t, under: via });
        }
      }
    }
  }
  return fields;
}

const schema = JSON.parse(readFileSync(path.join(opts.dir, 'schema.json'), 'utf8'));
const refused = new Map(UNSUPPORTED_FIELDS.map((u) => [u.field, u.reason]));
const fields = walkSchema(schema.definitions, refused);

const FieldKey = z.string().regex(/^[A-Z][A-Za-z0-9]*\.[A-Za-z0-9]+$/, 'Definition.field');
const MapFile = z.strictObject({
  // Field -> the test that exercises it.
  tests: z.record(FieldKey, z.string().min(1)),
  // Field -> why it is still accepted without being implemented (the open part of issue 13). Listed
  // in docs/coverage.md as such; each must go to tests or to spec's refusals.
  pending: z.record(FieldKey, z.string().min(1)).default({}),
});
const mapPath = path.join(here, 'coverage-map.yaml');
const parsedMap = MapFile.safeParse(parse(readFileSync(mapPath, 'utf8')) ?? {});
if (!parsedMap.success) fail(parsedMap.error.issues.map((i) => `${mapPath}: ${i.path.join('.')}: ${i.message}`));
const mapping = parsedMap.data.tests;
const pending = parsedMap.data.pending;

const problems = [];
const known = new Set(fields.map((f) => f.field));
for (const key of [...Object.keys(mapping), ...Object.keys(pending)]) if (!known.has(key)) problems.push(`coverage-map.yaml: ${key} is not a field of Argo's schema (reachable from ${ROOTS.join(', ')})`);
for (const key of refused.keys()) if (!known.has(key)) problems.push(`spec UNSUPPORTED_FIELDS: ${key} is not a field of Argo's schema`);

// A mapping names a project test file, or `compat:<corpus path>`: a corpus row that CI requires to pass
// (required.txt), run end to end by `pnpm compat` with its node-level assertions.
const required = new Set(readFileSync(path.join(here, 'required.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
const fileOf = (ref) => (ref.startsWith('compat:') ? path.join(opts.dir, ref.slice('compat:'.length)) : path.join(repoRoot, ref));
// Tests that only parse, validate or patch objects (the API server's, the lint's, the CLI's client): naming a
// field there says nothing about running it.
const NOT_RUNNING = /^packages\/(local\/src\/apiserver|local\/src\/daemon\/argo-server|spec\/src|cli\/src\/kube)\//;
const fileCache = new Map();
const wordIn = (text, word) => new RegExp(`\\b${word}\\b`).test(text);
/** The file names the field and, below the roots, a property that leads to its definition. */
const contains = (file, word, def) => {
  if (file.startsWith('compat:') && !required.has(file.slice('compat:'.length))) return 'not required';
  if (NOT_RUNNING.test(file)) return 'not running';
  if (!fileCache.has(file)) fileCache.set(file, existsSync(fileOf(file)) ? readFileSync(fileOf(file), 'utf8') : undefined);
  const text = fileCache.get(file);
  if (text === undefined) return 'missing';
  if (!wordIn(text, word)) return 'absent';
  const via = UBIQUITOUS.has(def) ? [] : [...(referrers.get(def) ?? [])];
  return via.length === 0 || via.some((r) => wordIn(text, r)) ? 'ok' : `no ${via.join('/')}`;
};

const proposals = [];
let testFiles;
function propose(name, def) {
  testFiles ??= [
    ...execFileSync('git', ['ls-files', 'packages/*.test.ts'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean),
    ...[...required].map((r) => `compat:${r}`),
  ].filter((f) => !NOT_RUNNING.test(f) && existsSync(fileOf(f))).map((f) => ({ f, text: readFileSync(fileOf(f), 'utf8') }));
  // Tests that run the field first; spec's and the API server's schema tests only parse it.
  const rank = (f) => (f.startsWith('compat:') ? 1 : 0);
  const key = new RegExp(`(^|[\\s{,'"])${name}['"]?\\s*:`, 'gm');
  const via = UBIQUITOUS.has(def) ? [] : [...(referrers.get(def) ?? [])];
  const scored = testFiles.filter(({ text }) => via.length === 0 || via.some((r) => wordIn(text, r)))
    .map(({ f, text }) => ({ f, n: (text.match(key) ?? []).length })).filter((x) => x.n > 0);
  scored.sort((a, b) => rank(a.f) - rank(b.f) || b.n - a.n);
  return scored[0]?.f;
}
const rows = [];
for (const { field, under } of fields) {
  const name = field.split('.')[1];
  const test = mapping[field];
  if (refused.has(field) || under) {
    if (test) problems.push(`${field}: refused (${refused.has(field) ? 'by the lint' : `under ${under}`}) but mapped to ${test}`);
    rows.push({ field, status: 'refused', detail: refused.has(field) ? refused.get(field) : `under refused ${under}` });
    continue;
  }
  if (pending[field]) {
    if (test) problems.push(`${field}: both mapped to ${test} and pending`);
    rows.push({ field, status: 'pending', detail: pending[field] });
    continue;
  }
  if (!test) {
    problems.push(`${field}: neither mapped to a test in coverage-map.yaml nor refused by the lint`);
    if (opts.propose) proposals.push(`${field}: ${propose(name, field.split('.')[0]) ?? '# none found'}`);
    continue;
  }
  const found = contains(test, name, field.split('.')[0]);
  if (found === 'missing') problems.push(`${field}: test file ${test} does not exist`);
  else if (found === 'absent') problems.push(`${field}: test file ${test} does not mention ${name}`);
  else if (found.startsWith('no ')) problems.push(`${field}: test file ${test} mentions ${name} but none of ${found.slice(3)} that lead to ${field.split('.')[0]}`);
  else if (found === 'not running') problems.push(`${field}: ${test} parses or validates objects but runs no workflow`);
  else if (found === 'not required') problems.push(`${field}: ${test} is not a row of required.txt, so CI would not notice it failing`);
  rows.push({ field, status: 'implemented', detail: test });
}

const implemented = rows.filter((r) => r.status === 'implemented');
const refusedRows = rows.filter((r) => r.status === 'refused');
const direct = refusedRows.filter((r) => refused.has(r.field));
const pendingRows = rows.filter((r) => r.status === 'pending');
const doc = [
  '# Coverage of Argo\'s schema',
  '',
  '<!-- Generated by test/compat/coverage.mjs from the corpus\'s schema.json, coverage-map.yaml and',
  '     @argo-ts/spec\'s UNSUPPORTED_FIELDS; `pnpm --filter @argo-ts/compat coverage` rewrites it, `pnpm test` fails when it is stale. -->',
  '',
  `Every field of the \`io.argoproj.workflow.v1alpha1\` definitions reachable from ${ROOTS.map((r) => `\`${r}\``).join(' and ')} ` +
    '(the specs of Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow): implemented, naming a test that ' +
    'exercises it, or refused by `argo lint` and at submit with `not supported by argo-ts: <field>`.',
  '',
  `${fields.length} fields: ${implemented.length} implemented, ${refusedRows.length} refused ` +
    `(${direct.length} refused directly, ${refusedRows.length - direct.length} under a refused field), ` +
    `${pendingRows.length} pending (accepted, not yet implemented nor refused: the open part of issue 13).`,
  '',
  'An implemented field names a project test, or `compat:<path>`: a row of Argo\'s corpus that CI requires to pass ' +
    '(`test/compat/required.txt`), where the field is present in a workflow run end to end (its phase, and the node-level ' +
    'assertions of `test/compat/assertions.yaml` when the row has any).',
  '',
  '## Pending',
  '',
  '| field | state |',
  '|---|---|',
  ...pendingRows.map((r) => `| \`${r.field}\` | ${r.detail} |`),
  '',
  '## Refused, and why',
  '',
  '| field | why it cannot be done here |',
  '|---|---|',
  ...direct.map((r) => `| \`${r.field}\` | ${r.detail} |`),
  '',
  '## Every field',
  '',
  '| field | status | test / reason |',
  '|---|---|---|',
  ...rows.map((r) => `| \`${r.field}\` | ${r.status} | ${r.status === 'implemented' ? `\`${r.detail}\`` : r.detail} |`),
  '',
].join('\n');

const docPath = path.join(repoRoot, 'docs/coverage.md');
if (opts.write && problems.length === 0) writeFileSync(docPath, doc);
if (opts.check && (!existsSync(docPath) || readFileSync(docPath, 'utf8') !== doc)) {
  problems.push('docs/coverage.md is stale: run `pnpm --filter @argo-ts/compat coverage`');
}
if (opts.propose) { console.log(proposals.join('\n')); process.exit(0); }
if (problems.length > 0) fail(problems);
console.log(`coverage: ${fields.length} fields, ${implemented.length} implemented, ${refusedRows.length} refused (${direct.length} directly), ${pendingRows.length} pending`);
