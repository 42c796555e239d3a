/**
 * Errors as the Argo Server's grpc-gateway answers them: a body
 * `{"code": <grpc code>, "message": "...", "details": []}` with the HTTP status
 * grpc-gateway maps that code to. Kubernetes answers are translated the way
 * Argo's server translates API errors (NotFound stays NotFound, Forbidden is
 * PermissionDenied, ...), keeping the API server's own message.
 */
import type { IncomingMessage } from 'node:http';

/** grpc status codes (google.golang.org/grpc/codes). */
export const Code = {
  OK: 0, Canceled: 1, Unknown: 2, InvalidArgument: 3, DeadlineExceeded: 4, NotFound: 5, AlreadyExists: 6,
  PermissionDenied: 7, ResourceExhausted: 8, FailedPrecondition: 9, Aborted: 10, OutOfRange: 11,
  Unimplemented: 12, Internal: 13, Unavailable: 14, DataLoss: 15, Unauthenticated: 16,
} as const;
export type GrpcCode = (typeof Code)[keyof typeof Code];

/** grpc-gateway's HTTPStatusFromCode. */
const HTTP_STATUS: Record<GrpcCode, number> = {
  0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
};

export type ServerErrorCode = keyof typeof Code;

/** An error the server answers with; `transient` says whether the caller may retry it unchanged. */
export class ApiError extends Error {
  readonly grpcCode: GrpcCode;
  constructor(readonly code: ServerErrorCode, message: string, readonly transient = false) {
    super(message);
    this.name = 'ApiError';
    this.grpcCode = Code[code];
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.grpcCode];
  }

  body(): { code: number; message: string; details: unknown[] } {
    return { code: this.grpcCode, message: this.message, details: [] };
  }

  /** The form a stream carries an error in once its 200 header has gone out. */
  streamBody(): { error: { grpc_code: number; http_code: number; message: string; http_status: string } } {
    return { error: { grpc_code: this.grpcCode, http_code: this.httpStatus, message: this.message, http_status: statusText(this.httpStatus) } };
  }
}

function statusText(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 499: 'Client Closed Request', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable', 504: 'Gateway Timeout' } as Record<number, string>)[status] ?? '';
}

/** The grpc code for a Kubernetes API answer (Argo's server/utils ToStatusError). */
export function codeForKubeStatus(status: number, reason?: string): ServerErrorCode {
  if (status === 400 || status === 422) return 'InvalidArgument';
  if (status === 401) return 'Unauthenticated';
  if (status === 403) return 'PermissionDenied';
  if (status === 404) return 'NotFound';
  if (status === 409) return reason === 'AlreadyExists' ? 'AlreadyExists' : 'Aborted';
  if (status === 410) return 'FailedPrecondition';
  if (status === 429) return 'ResourceExhausted';
  if (status === 504) return 'DeadlineExceeded';
  if (status === 503 || status === 0) return 'Unavailable';
  return 'Internal';
}

/** Builds the ApiError for a non-2xx answer from the Kubernetes API, reading its Status body. */
export async function kubeError(res: IncomingMessage, what: string): Promise<ApiError> {
  const text = await readText(res, 64 * 1024);
  const status = res.statusCode ?? 0;
  let message = text.trim().split('\n')[0] ?? '';
  let reason: string | undefined;
  try {
    const s = JSON.parse(text) as { message?: string; reason?: string };
    if (s.message) message = s.message;
    reason = s.reason;
  } catch { /* not a Status object: keep the first line */ }
  const code = codeForKubeStatus(status, reason);
  return new ApiError(code, message || `${what}: HTTP ${status}`, status >= 500 || status === 429 || (status === 409 && reason !== 'AlreadyExists'));
}

export async function readText(res: IncomingMessage, limit = Infinity): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res) {
    const b = c as Buffer;
    if (size + b.length > limit) { chunks.push(b.subarray(0, limit - size)); res.destroy(); break; }
    chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Anything thrown inside a handler as an ApiError; unknown errors are Internal with their message. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const k = e as { name?: string; status?: number; message?: string };
  if (k && k.name === 'KubeApiError' && typeof k.status === 'number') {
    return new ApiError(codeForKubeStatus(k.status), k.message ?? 'Kubernetes API error', k.status >= 500 || k.status === 0);
  }
  return new ApiError('Internal', typeof k?.message === 'string' ? k.message : String(e), true);
}
