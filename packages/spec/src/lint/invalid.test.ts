/**
 * Every hand-written invalid workflow under testdata/invalid yields exactly
 * the one problem expected.tsv names: same file, line, column, path and
 * message. A fixture without a row (or a row without a fixture) fails too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../yaml/problem.js';
import { lintPaths } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata', 'invalid');
const rows = readFileSync(join(dir, 'expected.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => l.split('\t') as [string, string]);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('invalid fixtures', () => {
  it('has at least 30 fixtures, each with exactly one expected row', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(rows.map((r) => r[0]).sort()).toEqual(fixtures);
  });

  it.each(rows)('%s', async (file, expected) => {
    const result = await lintPaths([join(dir, file)]);
    const lines = result.problems.map((p) => formatProblem({ ...p, file: basename(p.file) }));
    expect(lines).toEqual([expected]);
    const [p] = result.problems;
    expect(p.severity).toBe('error');
    expect(p.line).toBeGreaterThan(0);
    expect(p.transient).toBe(false);
  });
});
