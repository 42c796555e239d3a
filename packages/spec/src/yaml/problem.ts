/**
 * A problem found while loading or linting a manifest: where it is (file,
 * line, column, field path), what is wrong, and a stable code. Every problem
 * prints on one line as `file:line:col: path: message`.
 */

/** Stable codes, so that callers (CLI, submit, tests) can branch without parsing text. */
export type ProblemCode =
  | 'io'
  | 'yaml-syntax'
  | 'not-an-object'
  | 'schema'
  | 'unknown-field'
  | 'entrypoint'
  | 'template-type'
  | 'unknown-template'
  | 'unknown-template-ref'
  | 'duplicate-name'
  | 'invalid-name'
  | 'dag-cycle'
  | 'dag-dependency'
  | 'depends-syntax'
  | 'unresolved-variable'
  | 'missing-input'
  | 'invalid-loop'
  | 'invalid-field';

export type Severity = 'error' | 'warning';

export interface Problem {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** Field path such as `spec.templates[2].steps[0][1].template`, or `yaml` for syntax errors. */
  path: string;
  message: string;
  severity: Severity;
  code: ProblemCode;
  /**
   * Whether retrying the same operation could succeed. Only I/O problems
   * (a file that is busy or briefly unreadable) can be transient; a problem in
   * the manifest's content never is.
   */
  transient: boolean;
}

/** `file:line:col: path: message` (the position is left out when unknown). */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export function isError(p: Problem): boolean {
  return p.severity === 'error';
}

/** Sorts by file, then position, then path, so output is stable whatever order checks ran in. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
