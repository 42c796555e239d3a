/**
 * Every Argo manifest in the shared compatibility corpus (examples and e2e
 * tests) must pass our schema for its kind: the corpus is what users' YAML
 * looks like, and expected.tsv marks none of it as a lint error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { schemaForKind } from './index.js';
import { argoCorpus } from './testdata/corpus.js';

const corpus = argoCorpus();

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Files expected.tsv says Argo rejects at lint time; none today, kept so a new row is honoured. */
function lintErrorFiles(): Set<string> {
  const rows = fs.readFileSync(path.join(corpus, 'expected.tsv'), 'utf8').split('\n').slice(1);
  return new Set(rows.map((r) => r.split('\t')).filter((c) => /lint error/i.test(c[1] ?? '')).map((c) => c[0]!));
}

interface Checked {
  argoDocs: number;
  failures: string[];
}

function checkCorpus(): Checked {
  const skip = lintErrorFiles();
  const files = [...yamlFiles(path.join(corpus, 'examples')), ...yamlFiles(path.join(corpus, 'test/e2e'))];
  const result: Checked = { argoDocs: 0, failures: [] };
  for (const file of files) {
    const rel = path.relative(corpus, file);
    if (skip.has(rel)) continue;
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const obj = doc.toJS() as { kind?: string } | null;
      const schema = obj?.kind ? schemaForKind(obj.kind) : undefined;
      if (!schema) continue;
      result.argoDocs++;
      const parsed = schema.safeParse(obj);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        result.failures.push(`${rel}: ${issue.path.join('.')}: ${issue.message}`);
      }
    }
  }
  return result;
}

describe('Argo compatibility corpus', () => {
  const checked = checkCorpus();

  it('finds the corpus', () => {
    expect(checked.argoDocs).toBeGreaterThanOrEqual(150);
  });

  it('parses every Argo document against schemaForKind', () => {
    expect(checked.failures).toEqual([]);
  });
});
