/**
 * Errors raised while parsing or evaluating expressions. Every one is
 * permanent: the same expression over the same variables fails the same way,
 * so retrying a reconcile cannot help.
 */
export type ExprErrorCode =
  | 'ExprSyntax'
  | 'ExprEval'
  | 'ExprType'
  | 'UnknownName'
  | 'WhenSyntax'
  | 'WhenEval';

export class ExprError extends Error {
  readonly code: ExprErrorCode;
  readonly permanent = true;
  readonly transient = false;
  /** For UnknownName: the top-level identifier that was not in the environment. */
  readonly identifier?: string;

  constructor(code: ExprErrorCode, message: string, identifier?: string) {
    super(message);
    this.name = 'ExprError';
    this.code = code;
    if (identifier !== undefined) this.identifier = identifier;
  }
}

export function syntaxError(expr: string, pos: number, what: string): ExprError {
  return new ExprError('ExprSyntax', `${what} at position ${pos} in expression '${expr}'`);
}

export function evalError(message: string): ExprError {
  return new ExprError('ExprEval', message);
}

export function typeError(message: string): ExprError {
  return new ExprError('ExprType', message);
}
