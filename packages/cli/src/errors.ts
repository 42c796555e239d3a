/**
 * Errors the CLI reports to the user: one line, a stable code, and whether
 * retrying could help. Anything else that escapes a handler is a bug and is
 * reported as `internal`.
 */
import { KubeApiError } from '@argo-ts/spec/kube';
export type CliErrorCode =
  | 'usage'
  | 'invalid-input'
  | 'lint-failed'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'api-error'
  | 'unreachable'
  | 'kubeconfig'
  | 'local-cluster'
  | 'workflow-failed'
  | 'internal';

const TRANSIENT: ReadonlySet<CliErrorCode> = new Set<CliErrorCode>(['unreachable', 'conflict']);

export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly transient: boolean;
  /** Process exit status to use; 1 for everything but usage errors. */
  readonly exitCode: number;
  /** HTTP status when the API answered with an error. */
  readonly httpStatus?: number;
  constructor(code: CliErrorCode, message: string, opts: { transient?: boolean; exitCode?: number; cause?: unknown; httpStatus?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CliError';
    this.code = code;
    this.transient = opts.transient ?? TRANSIENT.has(code);
    this.exitCode = opts.exitCode ?? 1;
    this.httpStatus = opts.httpStatus;
  }
}

/** Shape of a Kubernetes `Status` body, as the API returns on errors. */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

function codeForHttp(status: number): CliErrorCode {
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 403) return 'forbidden';
  if (status === 401) return 'unauthorized';
  if (status === 422 || status === 400) return 'invalid-input';
  return 'api-error';
}

/** Builds the CliError for an HTTP error answered by the API server. */
export function apiError(status: number, body: unknown, what: string): CliError {
  let message = '';
  if (body && typeof body === 'object' && typeof (body as StatusBody).message === 'string') {
    message = (body as StatusBody).message as string;
  } else if (typeof body === 'string' && body.trim()) {
    try {
      const parsed = JSON.parse(body) as StatusBody;
      message = parsed.message ?? body.trim();
    } catch {
      message = body.trim().split('\n')[0] ?? '';
    }
  }
  const transient = status >= 500 || status === 429 || status === 409;
  return new CliError(codeForHttp(status), `${what}: ${message || `HTTP ${status}`}`, { transient, httpStatus: status });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** Turns anything thrown into a CliError (client-node ApiException included). */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof KubeApiError) return cliKubeError(err, 'API request failed') as CliError;
  const e = err as { code?: unknown; body?: unknown; message?: string; name?: string };
  // @kubernetes/client-node ApiException: numeric `code` and the Status body.
  if (e && typeof e.code === 'number' && 'body' in e) return apiError(e.code, e.body, 'API request failed');
  if (e && typeof e.code === 'string' && NETWORK_CODES.has(e.code)) {
    return new CliError('unreachable', `cannot reach the cluster: ${e.message ?? e.code}`, { transient: true });
  }
  const message = e?.message ?? String(err);
  return new CliError('internal', message, { cause: err });
}

const CODES: Partial<Record<KubeApiError['code'], CliErrorCode>> = {
  NotFound: 'not-found', AlreadyExists: 'conflict', Conflict: 'conflict', Forbidden: 'forbidden',
  Unauthorized: 'unauthorized', Invalid: 'invalid-input', BadRequest: 'invalid-input', Network: 'unreachable',
};

/** The CliError for a failed request named `what` (`get workflow argo/x`); other errors pass unchanged. */
export function cliKubeError(err: unknown, what: string): unknown {
  if (!(err instanceof KubeApiError)) return err;
  if (err.code === 'Network') return new CliError('unreachable', `${what}: ${err.statusMessage}`, { transient: true, cause: err });
  // 400 and 422 say the input was wrong; other 4xx (405, 415...) are the API's business.
  const code = err.reason === 'BadResponse' || (err.code === 'BadRequest' && err.status !== 400) ? 'api-error' : CODES[err.code] ?? 'api-error';
  const message = err.statusMessage || `HTTP ${err.status}`;
  return new CliError(code, `${what}: ${message}`, { transient: err.transient, httpStatus: err.status, cause: err });
}
