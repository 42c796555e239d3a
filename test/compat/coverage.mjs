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

const MapFile = z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*\.[A-Za-z0-9]+$/, 'Definition.field'), z.string().min(1));
const mapPath = path.join(here, 'coverage-map.yaml');
const parsedMap = MapFile.safeParse(parse(readFileSync(mapPath, 'utf8')) ?? {});
if (!parsedMap.success) fail(parsedMap.error.issues.map((i) => `${mapPath}: ${i.path.join('.')}: ${i.message}`));
const mapping = parsedMap.data;

const problems = [];
const known = new Set(fields.map((f) => f.field));
for (const key of Object.keys(mapping)) if (!known.has(key)) problems.push(`coverage-map.yaml: ${key} is not a field of Argo's schema (reachable from ${ROOTS.join(', ')})`);
for (const key of refused.keys()) if (!known.has(key)) problems.push(`spec UNSUPPORTED_FIELDS: ${key} is not a field of Argo's schema`);

const fileCache = new Map();
const contains = (file, word) => {
  if (!fileCache.has(file)) fileCache.set(file, existsSync(path.join(repoRoot, file)) ? readFileSync(path.join(repoRoot, file), 'utf8') : undefined);
  const text = fileCache.get(file);
  if (text === undefined) return 'missing';
  return new RegExp(`\\b${word}\\b`).test(text) ? 'ok' : 'absent';
};

const proposals = [];
let testFiles;
function propose(name) {
  testFiles ??= execFileSync('git', ['ls-files', 'packages/*.test.ts', 'packages/**/testdata/*.yaml', 'packages/**/testdata/**/*.yaml'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n').filter(Boolean).map((f) => ({ f, text: readFileSync(path.join(repoRoot, f), 'utf8') }));
  const rank = (f) => (f.includes('/spec/') ? 1 : f.endsWith('.yaml') ? 2 : 0);
  const key = new RegExp(`(^|[\\s{,'"])${name}['"]?\\s*:`, 'gm');
  const scored = testFiles.map(({ f, text }) => ({ f, n: (text.match(key) ?? []).length })).filter((x) => x.n > 0);
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
  if (!test) {
    problems.push(`${field}: neither mapped to a test in coverage-map.yaml nor refused by the lint`);
    if (opts.propose) proposals.push(`${field}: ${propose(name) ?? '# none found'}`);
    continue;
  }
  const found = contains(test, name);
  if (found === 'missing') problems.push(`${field}: test file ${test} does not exist`);
  else if (found === 'absent') problems.push(`${field}: test file ${test} does not mention ${name}`);
  rows.push({ field, status: 'implemented', detail: test });
}

const implemented = rows.filter((r) => r.status === 'implemented');
const refusedRows = rows.filter((r) => r.status === 'refused');
const direct = refusedRows.filter((r) => refused.has(r.field));
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
    `(${direct.length} refused directly, ${refusedRows.length - direct.length} under a refused field).`,
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
console.log(`coverage: ${fields.length} fields, ${implemented.length} implemented, ${refusedRows.length} refused (${direct.length} directly)`);
