import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFile, loadPaths } from './files.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'argo-ts-files-'));
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'a.yaml'), 'kind: A\n');
  writeFileSync(join(dir, 'sub', 'b.yml'), 'kind: B\n---\nkind: B2\n');
  writeFileSync(join(dir, 'sub', 'deeper', 'c.json'), '{"kind": "C"}');
  writeFileSync(join(dir, 'sub', 'notes.txt'), 'kind: ignored\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPaths', () => {
  it('reads directories recursively, .yaml/.yml/.json only, in name order', async () => {
    const r = await loadPaths([dir]);
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.kind)).toEqual(['A', 'B', 'B2', 'C']);
    expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml', 'sub/b.yml', 'sub/deeper/c.json']);
  });

  it('reads a file once even when named twice or inside a directory also given', async () => {
    const r = await loadPaths([join(dir, 'a.yaml'), dir, join(dir, 'a.yaml')]);
    expect(r.documents.map((d) => d.kind)).toEqual(['A', 'B', 'B2', 'C']);
    expect(r.files).toHaveLength(3);
  });

  it('reads a file given explicitly whatever its extension', async () => {
    const r = await loadPaths([join(dir, 'sub', 'notes.txt')]);
    expect(r.documents.map((d) => d.kind)).toEqual(['ignored']);
  });

  it('reports a missing path as a problem instead of throwing', async () => {
    const missing = join(dir, 'nope.yaml');
    const r = await loadPaths([missing, join(dir, 'a.yaml')]);
    expect(r.documents.map((d) => d.kind)).toEqual(['A']);
    expect(r.problems).toEqual([expect.objectContaining({ file: missing, code: 'io', message: 'cannot read: no such file or directory', transient: false })]);
    expect((await loadFile(missing)).problems[0].code).toBe('io');
  });
});
