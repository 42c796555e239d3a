/** What every lint check receives, and how it reports. */
import type { FieldPath } from '../../yaml/path.js';
import type { ProblemCode } from '../../yaml/problem.js';
import type { LintContext } from '../context.js';
import type { Subject } from '../model.js';

/** `tag`: which `{{` of the string at `path` the problem is about, to point at it exactly. */
export type Report = (path: FieldPath, code: ProblemCode, message: string, tag?: number) => void;

export interface CheckInput {
  ctx: LintContext;
  subject: Subject;
  report: Report;
}

/** One family of semantic checks over one Argo object. */
export type Check = (input: CheckInput) => void;
