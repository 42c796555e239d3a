/**
 * `argo lint`: schema validation with located errors, then the semantic
 * checks Argo's validator performs, one module per family under `checks/`.
 * Mirrors Argo's lint in what it accepts: when a construct might be valid at
 * run time, it is not reported.
 */
import { schemaForKind } from '../schema/kinds.js';
import { loadPaths } from '../yaml/files.js';
import type { LoadedDocument } from '../yaml/load.js';
import { formatPath } from '../yaml/path.js';
import { compareProblems, type Problem } from '../yaml/problem.js';
import { validateDocument, type SchemaLookup } from '../yaml/validate.js';
import { LintContext, type TemplateRefResolver } from './context.js';
import { checkCron } from './checks/cron.js';
import { checkDags } from './checks/dag.js';
import { checkEntrypoint } from './checks/entrypoint.js';
import { checkInputs } from './checks/inputs.js';
import { checkIo } from './checks/io.js';
import { checkLoops } from './checks/loops.js';
import { checkNames } from './checks/names.js';
import { checkTemplateRefs } from './checks/refs.js';
import { checkTemplateTypes } from './checks/template-type.js';
import type { Check, Report } from './checks/types.js';
import { checkUnsupported } from './checks/unsupported.js';
import { checkValues } from './checks/values.js';
import { checkVariables } from './checks/variables.js';
import { subjectOf, type LintKind } from './model.js';

export type { TemplateRefResolver } from './context.js';
export type { LintKind } from './model.js';

export interface LintOptions {
  /** Report fields the schema does not know (default true, like `argo lint --strict`). */
  strict?: boolean;
  /** Looks up (Cluster)WorkflowTemplates that are not among the linted objects, e.g. in a cluster. */
  resolveTemplateRef?: TemplateRefResolver;
  /** Only lint these kinds (default: all four). */
  kinds?: readonly LintKind[];
  /** Schema lookup; defaults to the argoproj.io/v1alpha1 schemas. */
  schemaFor?: SchemaLookup;
}

export interface LintResult {
  /** Sorted by file and position. */
  problems: Problem[];
  /** Files read (lintPaths) — empty for lintObjects. */
  files: string[];
  /** The Argo objects found (other kinds, e.g. ConfigMaps, are loaded but not linted). */
  objects: LoadedDocument[];
}

/** Order matters only for readability of output; problems are sorted at the end. */
const CHECKS: readonly Check[] = [
  checkEntrypoint, checkTemplateTypes, checkNames, checkTemplateRefs, checkDags, checkLoops,
  checkIo, checkInputs, checkVariables, checkCron, checkValues, checkUnsupported,
];

function lintDocuments(docs: LoadedDocument[], opts: LintOptions): { problems: Problem[]; objects: LoadedDocument[] } {
  const schemaFor = opts.schemaFor ?? schemaForKind;
  const problems: Problem[] = [];
  const valid = new Set<LoadedDocument>();
  const objects: LoadedDocument[] = [];
  for (const doc of docs) {
    const subject = subjectOf(doc);
    if (!subject) continue;
    if (opts.kinds && !opts.kinds.includes(subject.kind)) continue;
    objects.push(doc);
    const schemaProblems = validateDocument(doc, schemaFor, { strict: opts.strict ?? true });
    problems.push(...schemaProblems);
    // Like Argo, an object that does not decode is not checked further: its shape is unknown.
    if (schemaProblems.length === 0) valid.add(doc);
  }
  // Templates referenced across files resolve against every object, even those with problems of their own.
  const ctx = LintContext.fromDocuments(objects, opts.resolveTemplateRef);
  for (const subject of ctx.subjects) {
    if (!valid.has(subject.doc)) continue;
    const seen = new Set<string>();
    const report: Report = (path, code, message, tag) => {
      const p = formatPath(path);
      const key = `${p}\0${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      const at = tag === undefined ? undefined : subject.doc.locateTag?.(path, tag);
      const { line, column } = at ?? subject.doc.locate(path);
      problems.push({ file: subject.doc.file, line, column, path: p, message, severity: 'error', code, transient: false });
    };
    for (const check of CHECKS) check({ ctx, subject, report });
  }
  return { problems, objects };
}

/** Lints files and directories (recursively, `.yaml`/`.yml`/`.json`), resolving templateRefs across all of them. */
export async function lintPaths(paths: readonly string[], opts: LintOptions = {}): Promise<LintResult> {
  const loaded = await loadPaths(paths);
  const { problems, objects } = lintDocuments(loaded.documents, opts);
  return { problems: [...loaded.problems, ...problems].sort(compareProblems), files: loaded.files, objects };
}

export interface LintObjectsOptions extends LintOptions {
  /** Name used in problems for objects that have no file (default `(input)`). */
  source?: string;
  /** Per-object file names, parallel to the objects (plain objects only; takes precedence over `source`). */
  files?: readonly string[];
}

/**
 * Lints objects that are already in memory (e.g. `argo submit` after applying
 * `-p` parameters). Objects given as LoadedDocuments keep their positions;
 * plain objects report line 0.
 */
export function lintObjects(objs: ReadonlyArray<Record<string, unknown> | LoadedDocument>, opts: LintObjectsOptions = {}): LintResult {
  const source = opts.source ?? '(input)';
  const docs = objs.map((o, index): LoadedDocument => {
    if (typeof o.locate === 'function' && 'object' in o) return o as LoadedDocument;
    const object = o as Record<string, unknown>;
    const meta = object.metadata as Record<string, unknown> | undefined;
    return {
      file: opts.files?.[index] ?? source,
      index,
      object,
      apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : undefined,
      kind: typeof object.kind === 'string' ? object.kind : undefined,
      name: typeof meta?.name === 'string' ? meta.name : typeof meta?.generateName === 'string' ? meta.generateName : undefined,
      locate: () => ({ line: 0, column: 0 }),
    };
  });
  const { problems, objects } = lintDocuments(docs, opts);
  return { problems: problems.sort(compareProblems), files: [], objects };
}
