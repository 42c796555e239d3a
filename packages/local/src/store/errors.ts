/**
 * API errors as Kubernetes reports them. Every failure the store or the API
 * server raises is an ApiError so the HTTP layer can turn it into a `Status`
 * object without guessing.
 */

export type ApiErrorCode =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'Gone'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'Invalid'
  | 'InternalError'
  | 'ServiceUnavailable';

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Expired: 410,
  Gone: 410,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  Invalid: 422,
  InternalError: 500,
  ServiceUnavailable: 503,
};

/** Retrying the same request may succeed for these (after a re-read for Conflict/Expired). */
const TRANSIENT: ReadonlySet<ApiErrorCode> = new Set(['Conflict', 'Expired', 'Gone', 'InternalError', 'ServiceUnavailable']);

export interface StatusCause {
  field?: string;
  message: string;
  reason?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly httpStatus: number;
  readonly transient: boolean;
  readonly details: StatusDetails;

  constructor(code: ApiErrorCode, message: string, details: StatusDetails = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
    this.transient = TRANSIENT.has(code);
    this.details = details;
  }

  /** The Kubernetes `Status` object for this error. */
  toStatus(): Record<string, unknown> {
    const details = Object.keys(this.details).length > 0 ? this.details : undefined;
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.code,
      ...(details ? { details } : {}),
      code: this.httpStatus,
    };
  }
}

/** Names the object the way Kubernetes messages do: `workflows.argoproj.io "x"`. */
export function qualifiedName(plural: string, group: string, name: string): string {
  return `${group ? `${plural}.${group}` : plural} "${name}"`;
}

export function notFound(plural: string, group: string, name: string, kind?: string): ApiError {
  return new ApiError('NotFound', `${qualifiedName(plural, group, name)} not found`, { name, group, kind: kind ?? plural });
}
