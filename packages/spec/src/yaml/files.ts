/** Loading manifests from files and directories (recursively: .yaml, .yml, .json). */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadManifests, type LoadResult } from './load.js';
import type { Problem } from './problem.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

export interface LoadPathsResult extends LoadResult {
  /** Every manifest file read, in the order read. */
  files: string[];
}

const TRANSIENT_IO = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EINTR']);

function ioProblem(file: string, err: unknown): Problem {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  const reason =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : err instanceof Error ? err.message : String(err);
  return {
    file, line: 0, column: 0, path: '', message: `cannot read: ${reason}`,
    severity: 'error', code: 'io', transient: TRANSIENT_IO.has(code),
  };
}

function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export async function loadFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { documents: [], problems: [ioProblem(path, err)] };
  }
  return loadManifests(text, path);
}

/** Manifest files under `dir`, sorted by name at each level so results are stable. */
async function listManifests(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listManifests(full)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && isManifestFile(entry.name)) out.push(full);
  }
  return out;
}

/** Files are read as given (whatever their extension); directories are searched recursively; each file once. */
export async function loadPaths(paths: readonly string[]): Promise<LoadPathsResult> {
  const result: LoadPathsResult = { documents: [], problems: [], files: [] };
  // A file named twice (or inside a directory also given) is read once.
  const seen = new Set<string>();
  for (const path of paths) {
    let files: string[];
    try {
      files = (await stat(path)).isDirectory() ? await listManifests(path) : [path];
    } catch (err) {
      result.problems.push(ioProblem(path, err));
      continue;
    }
    files = files.filter((f) => !seen.has(resolve(f)));
    for (const f of files) seen.add(resolve(f));
    const loaded = await Promise.all(files.map((f) => loadFile(f)));
    loaded.forEach((one, i) => {
      result.files.push(files[i]);
      result.documents.push(...one.documents);
      result.problems.push(...one.problems);
    });
  }
  return result;
}
