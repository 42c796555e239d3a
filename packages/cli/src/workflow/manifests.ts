/**
 * Reading manifests for `submit`, `template create` and `cron create`: files,
 * `-` (stdin) and http(s) URLs; YAML with several documents; linted with
 * @argo-ts/spec before anything is sent to the cluster.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import type { KubeObject } from '../types.js';

export interface LoadedManifest {
  file: string;
  object: KubeObject;
}

/** One line per problem: `file:line:col: path: message`. */
export interface ProblemLike {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
  severity?: string;
}

export function formatProblem(p: ProblemLike): string {
  const where = [p.file, p.line ? String(p.line) : undefined, p.line && p.column ? String(p.column) : undefined].filter(Boolean).join(':');
  return `${where ? `${where}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export async function readSource(source: string): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (/^https?:\/\//.test(source)) {
    let res: Response;
    try {
      res = await fetch(source);
    } catch (err) {
      throw new CliError('unreachable', `${source}: cannot fetch: ${(err as Error).message}`, { transient: true });
    }
    if (!res.ok) throw new CliError('invalid-input', `${source}: HTTP ${res.status} ${res.statusText}`, { transient: res.status >= 500 });
    return res.text();
  }
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    throw new CliError('invalid-input', `${source}: cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

type SpecModule = Record<string, unknown>;

async function loadSpec(): Promise<SpecModule> {
  return (await import('@argo-ts/spec')) as SpecModule;
}

async function parseDocuments(spec: SpecModule, text: string, file: string): Promise<{ docs: Array<Record<string, unknown>>; problems: ProblemLike[] }> {
  if (typeof spec.loadManifests === 'function') {
    const res = (spec.loadManifests as (t: string, f: string) => { documents: Array<{ object: Record<string, unknown> }>; problems: ProblemLike[] })(text, file);
    return { docs: res.documents.map((d) => d.object), problems: res.problems };
  }
  const { parseAllDocuments } = await import('yaml');
  const docs: Array<Record<string, unknown>> = [];
  const problems: ProblemLike[] = [];
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) { problems.push({ file, path: 'yaml', message: d.errors[0]!.message.split('\n')[0]! }); continue; }
    const v = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) problems.push({ file, path: '(document)', message: 'expected a mapping with apiVersion and kind' });
    else docs.push(v);
  }
  return { docs, problems };
}

/** Problems from the spec package's lint, whatever container it returns them in. */
function problemsOf(result: unknown): ProblemLike[] {
  const list = Array.isArray(result) ? result : (result as { problems?: unknown; errors?: unknown })?.problems ?? (result as { errors?: unknown })?.errors;
  return Array.isArray(list) ? (list as ProblemLike[]).filter((p) => p && p.severity !== 'warning') : [];
}

/** Minimal checks used when this build of @argo-ts/spec has no lint yet. */
function basicProblems(file: string, obj: Record<string, unknown>, kinds: readonly string[]): ProblemLike[] {
  if (obj.apiVersion !== 'argoproj.io/v1alpha1') return [{ file, path: 'apiVersion', message: `must be argoproj.io/v1alpha1, got ${JSON.stringify(obj.apiVersion)}` }];
  if (!kinds.includes(String(obj.kind))) return [{ file, path: 'kind', message: `must be ${kinds.join(' or ')}, got ${JSON.stringify(obj.kind)}` }];
  if (!obj.spec || typeof obj.spec !== 'object') return [{ file, path: 'spec', message: 'is required' }];
  return [];
}

/**
 * Loads and lints every document of every source. Any problem stops here
 * (nothing is created): the problems are printed through `report` and a
 * `lint-failed` error is thrown.
 */
export async function loadAndLint(sources: string[], kinds: readonly string[], report: (line: string) => void, opts: { strict?: boolean } = {}): Promise<LoadedManifest[]> {
  const spec = await loadSpec();
  const out: LoadedManifest[] = [];
  const problems: ProblemLike[] = [];
  for (const source of sources) {
    const file = source === '-' ? '<stdin>' : source;
    const text = await readSource(source);
    const parsed = await parseDocuments(spec, text, file);
    problems.push(...parsed.problems);
    for (const obj of parsed.docs) {
      problems.push(...basicProblems(file, obj, kinds));
      out.push({ file, object: obj as KubeObject });
    }
  }
  if (problems.length === 0 && typeof spec.lintObjects === 'function') {
    const result = await (spec.lintObjects as (o: unknown, opts: unknown) => unknown)(out.map((m) => m.object), { strict: opts.strict ?? true, files: out.map((m) => m.file) });
    problems.push(...problemsOf(result));
  }
  if (problems.length > 0) {
    for (const p of problems) report(`✖ ${formatProblem(p)}`);
    throw new CliError('lint-failed', `${problems.length} linting error${problems.length === 1 ? '' : 's'} found; nothing was submitted`);
  }
  if (out.length === 0) throw new CliError('invalid-input', `${sources.join(', ')}: no ${kinds.join('/')} found`);
  return out;
}
