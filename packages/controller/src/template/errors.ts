/**
 * Substitution errors. All permanent: the same template over the same
 * variables fails the same way. The message is one line naming the tag.
 */
export type TemplateErrorCode = 'UnresolvedVariable' | 'AbsentOptional' | 'ExpressionFailed' | 'ExpressionNil';

export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  readonly permanent = true;
  readonly transient = false;
  /** The tag text as written, e.g. `{{steps.a.outputs.result}}`. */
  readonly tag: string;

  constructor(code: TemplateErrorCode, tag: string, message: string) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
    this.tag = tag;
  }
}
