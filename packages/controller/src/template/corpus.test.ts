/**
 * Every expression written in Argo's example corpus must parse: `{{=...}}`
 * tags anywhere, `depends`, `expression:` fields. The corpus is not part of
 * this repository (ARGO_COMPAT_DIR, which jest.preset.js sets to
 * ../shared/argo-compat beside the repository root); without
 * it this suite is skipped and says so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseExpression, scanTags, seededRuntime } from '@argo-ts/lang';
import { whenHolds } from './index.js';

const runtime = seededRuntime(new Date('2024-06-01T12:00:00Z'), 'corpus');

const dir = process.env.ARGO_COMPAT_DIR ?? '';
const present = existsSync(dir);

function yamlFiles(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

interface Found { file: string; kind: 'tag' | 'depends' | 'expression' | 'when'; expr: string }

/** Plausible values for any variable, so every `when` can be substituted and evaluated. */
function plausible(name: string): unknown {
  if (name === 'item') return { name: 'first', type: '', evenness: 'even' };
  if (name.endsWith('.json')) return '[{"name":"p","value":"true"}]';
  if (/list$/i.test(name)) return '["always","test"]';
  if (name.startsWith('workflow.parameters.')) return '{"id":"1"}';
  return '1';
}

function collect(file: string, v: unknown, key: string, out: Found[]): void {
  if (typeof v === 'string') {
    for (const p of scanTags(v)) if (p.kind === 'expr') out.push({ file, kind: 'tag', expr: p.expr });
    if (key === 'depends') out.push({ file, kind: 'depends', expr: v.replace(/-/g, '_') });
    if (key === 'expression' && !v.includes('{{')) out.push({ file, kind: 'expression', expr: v });
    if (key === 'when') out.push({ file, kind: 'when', expr: v });
    return;
  }
  if (Array.isArray(v)) { for (const x of v) collect(file, x, key, out); return; }
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(file, x, k, out);
}

(present ? describe : describe.skip)(`expressions in the Argo corpus (${dir})`, () => {
  const found: Found[] = [];
  if (present) {
    for (const f of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) collect(f, doc.toJS(), '', found);
    }
  }

  it('finds a meaningful number of expressions', () => {
    expect(found.filter((f) => f.kind === 'tag').length).toBeGreaterThanOrEqual(10);
    expect(found.filter((f) => f.kind === 'depends').length).toBeGreaterThanOrEqual(10);
  });

  it('substitutes and evaluates every when condition', () => {
    const whens = found.filter((f) => f.kind === 'when');
    expect(whens.length).toBeGreaterThanOrEqual(10);
    const failures = whens.flatMap((f) => {
      try { whenHolds(f.expr, plausible, { runtime }); return []; } catch (e) { return [`${f.file}: when ${JSON.stringify(f.expr)}: ${(e as Error).message}`]; }
    });
    expect(failures).toEqual([]);
  });

  it('parses every one of them', () => {
    const failures = found.filter((f) => f.kind !== 'when').flatMap((f) => {
      try { parseExpression(f.expr); return []; } catch (e) { return [`${f.file}: ${f.kind} ${JSON.stringify(f.expr)}: ${(e as Error).message}`]; }
    });
    expect(failures).toEqual([]);
  });
});
