#!/usr/bin/env node
// User regular expressions in the workflow language (@argo-ts/lang): a `when`
// with a catastrophic-backtracking pattern, `'<s>' =~ '(a+)+$'`, on a
// non-matching input of 40 characters must be decided in under 10 ms (issue 12).
// RE2 (re2js) is linear in the input; the old translation to JavaScript RegExp
// backtracks exponentially, shown on shorter inputs for contrast.
// Prints a table and writes bench/results/lang.json. Run after `pnpm build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateExpression, evaluateWhen, seededRuntime } from '@argo-ts/lang';

const here = path.dirname(fileURLToPath(import.meta.url));
const TARGET_MS = 10;
const rt = seededRuntime(new Date('2026-01-01T00:00:00Z'), 'bench');

function median(fn, rounds = 7) {
  fn(); // warm-up (compiles and caches the pattern)
  const ms = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return +ms[Math.floor(rounds / 2)].toFixed(3);
}

/** Median over patterns never seen before (each compiled, not served from the cache), as a new workflow's are. */
let fresh = 0;
function cold(s, rounds = 7) {
  const ms = [];
  for (let r = 0; r < rounds; r++) {
    const when = `'${s}' =~ '(a+)+$|^z{${++fresh}}$'`;
    const t0 = process.hrtime.bigint();
    if (evaluateWhen(when) !== false) throw new Error('expected no match');
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return +ms[Math.floor(rounds / 2)].toFixed(3);
}

const rows = [];
for (const n of [40, 1000, 100000]) {
  const s = `${'a'.repeat(n - 1)}!`;
  const when = `'${s}' =~ '(a+)+$'`;
  if (evaluateWhen(when) !== false) throw new Error('expected no match');
  rows.push({ case: 'when =~ (a+)+$ (RE2)', chars: n, coldMs: n === 40 ? cold(s) : null, medianMs: median(() => evaluateWhen(when)) });
  rows.push({ case: 'expr matches (a+)+$ (RE2)', chars: n, coldMs: null, medianMs: median(() => evaluateExpression(`s matches '(a+)+$'`, { s }, rt)) });
}
for (const n of [16, 20, 24]) {
  const s = `${'a'.repeat(n - 1)}!`;
  rows.push({ case: 'JavaScript RegExp (before)', chars: n, coldMs: null, medianMs: median(() => /(a+)+$/.test(s), 3) });
}

const gate = rows.find((r) => r.case.startsWith('when') && r.chars === 40);
const pass = gate.medianMs < TARGET_MS && gate.coldMs < TARGET_MS;
const line = (cols) => cols.map((c, i) => String(c).padEnd([30, 8, 13, 10][i])).join('');
console.log(line(['case', 'chars', 'new pattern', 'median ms']));
for (const r of rows) console.log(line([r.case, r.chars, r.coldMs ?? '', r.medianMs]));
console.log(`\ntarget: a 40-character when decided in < ${TARGET_MS} ms (new pattern ${gate.coldMs} ms, cached ${gate.medianMs} ms): ${pass ? 'met' : 'MISSED'}`);
mkdirSync(path.join(here, '../results'), { recursive: true });
writeFileSync(path.join(here, '../results/lang.json'), `${JSON.stringify({ targetMs: TARGET_MS, pass, rows }, null, 2)}\n`);
process.exit(pass ? 0 : 1);
