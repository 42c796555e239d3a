/**
 * Turns zod's validation issues into one located problem per field, with a
 * message that says what was expected: `expected string, got number`,
 * `unknown field "foo"`, `required`.
 */
import type { z } from 'zod';
import { describeValue, problemAt, type LoadedDocument } from './load.js';
import { formatPath, type FieldPath, type PathSegment } from './path.js';
import type { Problem, ProblemCode } from './problem.js';
import { REMOVED_FIELDS } from '../schema/removed.js';

type Issue = z.core.$ZodIssue;

export type SchemaLookup = (kind: string) => z.ZodType | undefined;

export interface ValidateOptions {
  /** Report fields the schema does not know (Argo's `--strict`, default true). */
  strict?: boolean;
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

const EXPECTED_NAMES: Record<string, string> = { array: 'list', record: 'object', tuple: 'list', int: 'integer' };

function expectedName(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

interface Flat {
  path: PathSegment[];
  message: string;
  code: ProblemCode;
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** A union failed: if every branch wanted a different type at the same place, say so once; else follow the branch that got furthest. */
function flattenUnion(issue: Extract<Issue, { code: 'invalid_union' }>, root: unknown, base: PathSegment[]): Flat[] {
  const branches = issue.errors.filter((b) => b.length > 0);
  if (branches.length === 0) return [{ path: base, message: lowerFirst(issue.message), code: 'schema' }];
  const allTypes = branches.every((b) => b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0);
  if (allTypes) {
    const wanted = [...new Set(branches.map((b) => expectedName((b[0] as { expected: string }).expected)))];
    const actual = valueAt(root, base);
    if (actual === undefined) return [{ path: base, message: 'required', code: 'schema' }];
    return [{ path: base, message: `expected ${wanted.join(' or ')}, got ${describeValue(actual)}`, code: 'schema' }];
  }
  const depth = (b: Issue[]) => Math.max(...b.map((i) => i.path.length)) - b.length / 1000;
  const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  return best.flatMap((i) => flattenIssue(i, root, base));
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function flattenIssue(issue: Issue, root: unknown, base: PathSegment[] = []): Flat[] {
  const path = [...base, ...toSegments(issue.path)];
  switch (issue.code) {
    case 'invalid_type': {
      const actual = valueAt(root, path);
      if (actual === undefined) return [{ path, message: 'required', code: 'schema' }];
      return [{ path, message: `expected ${expectedName(issue.expected)}, got ${describeValue(actual)}`, code: 'schema' }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"`, code: 'unknown-field' as const }));
    case 'invalid_union':
      return flattenUnion(issue, root, path);
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return [{ path, message: `expected one of ${allowed}, got ${JSON.stringify(valueAt(root, path))}`, code: 'schema' }];
    }
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((i) => flattenIssue(i, root, path));
    default:
      return [{ path, message: lowerFirst(issue.message), code: 'schema' }];
  }
}

/** Problems for `issues` found validating `doc.object`, one per field, located in `doc`. */
export function issuesToProblems(doc: LoadedDocument, issues: readonly Issue[], opts: ValidateOptions = {}): Problem[] {
  const strict = opts.strict ?? true;
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const flat of issues.flatMap((i) => flattenIssue(i, doc.object))) {
    if (!strict && flat.code === 'unknown-field') continue;
    const path = formatPath(flat.path);
    const key = `${path}\0${flat.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...problemAt(doc, flat.path), path, message: flat.message,
      severity: 'error', code: flat.code, transient: false,
    });
  }
  return out;
}

/**
 * A field Argo removed (e.g. v3's CronWorkflow `schedule`) is refused with
 * what to write instead, in place of "unknown field" here and "required" at
 * its replacement; reported whether or not the lint is strict.
 */
function removedFieldProblems(doc: LoadedDocument, problems: Problem[]): Problem[] {
  const hints: Problem[] = [];
  let out = problems;
  for (const r of REMOVED_FIELDS) {
    if (r.kind !== doc.kind) continue;
    const value = valueAt(doc.object, r.path);
    if (value === undefined) continue;
    const path = formatPath(r.path);
    const replacement = formatPath(r.replacement);
    hints.push({ ...problemAt(doc, r.path), path, message: r.message(value), severity: 'error', code: 'invalid-field', transient: false });
    out = out.filter((p) => p.path !== path && !(p.path === replacement && p.message === 'required'));
  }
  return [...hints, ...out];
}

/** Validates one document against the schema of its kind; documents of kinds without a schema pass. */
export function validateDocument(doc: LoadedDocument, schemaFor: SchemaLookup, opts: ValidateOptions = {}): Problem[] {
  if (!doc.kind) return [];
  const schema = schemaFor(doc.kind);
  if (!schema) return [];
  const result = schema.safeParse(doc.object);
  if (result.success) return [];
  return removedFieldProblems(doc, issuesToProblems(doc, result.error.issues, opts));
}
