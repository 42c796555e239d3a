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

/** yargs drops a bare `-`; main.ts passes it on as this path. */
export const STDIN = '/dev/stdin';

export async function readSource(source: string): Promise<string> {
  if (source === '-' || source === STDIN) {
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

type Spec = typeof import('@argo-ts/spec');
type LoadedDocument = import('@argo-ts/spec').LoadedDocument;
export type TemplateRefResolver = (name: string, clusterScope: boolean) => Record<string, unknown> | undefined;

export interface LintOpts {
  strict?: boolean;
  /**
   * Called only when a templateRef is not among the given files: loads the
   * (Cluster)WorkflowTemplates from the cluster so they resolve.
   */
  clusterTemplates?: () => Promise<TemplateRefResolver>;
}


/**
 * Loads and lints every document of every source with @argo-ts/spec's lint.
 * Any problem stops here (nothing is created): the problems are printed
 * through `report` and a `lint-failed` error is thrown.
 */
export async function loadAndLint(sources: string[], kinds: readonly string[], report: (line: string) => void, opts: LintOpts = {}): Promise<LoadedManifest[]> {
  const spec: Spec = await import('@argo-ts/spec');
  const docs: LoadedDocument[] = [];
  const problems: ProblemLike[] = [];
  for (const source of sources) {
    const file = source === '-' || source === STDIN ? '<stdin>' : source;
    const loaded = spec.loadManifests(await readSource(source), file);
    problems.push(...loaded.problems);
    for (const d of loaded.documents) {
      if (!kinds.includes(String(d.kind)) || d.apiVersion !== 'argoproj.io/v1alpha1') {
        problems.push({ file, line: d.locate([]).line, path: 'kind', message: `expected ${kinds.join(' or ')} (argoproj.io/v1alpha1), got ${d.apiVersion ?? '?'} ${d.kind ?? '?'}` });
      } else {
        docs.push(d);
      }
    }
  }
  if (problems.length === 0) {
    const lintKinds = kinds as ReadonlyArray<import('@argo-ts/spec').LintKind>;
    let result = spec.lintObjects(docs, { strict: opts.strict ?? true, kinds: lintKinds });
    if (opts.clusterTemplates && result.problems.some((p) => p.code === 'unknown-template-ref')) {
      result = spec.lintObjects(docs, { strict: opts.strict ?? true, kinds: lintKinds, resolveTemplateRef: await opts.clusterTemplates() });
    }
    problems.push(...result.problems.filter((p) => p.severity !== 'warning'));
  }
  if (problems.length > 0) {
    for (const p of problems) report(`✖ ${formatProblem(p)}`);
    throw new CliError('lint-failed', `${problems.length} linting error${problems.length === 1 ? '' : 's'} found; nothing was submitted`);
  }
  if (docs.length === 0) throw new CliError('invalid-input', `${sources.join(', ')}: no ${kinds.join('/')} found`);
  return docs.map((d) => ({ file: d.file, object: d.object as KubeObject }));
}
