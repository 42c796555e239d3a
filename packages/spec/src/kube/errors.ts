/**
 * The one error type for answers of the Kubernetes API, built from its
 * `Status` body and classified once, so every caller decides the same way:
 * NotFound/AlreadyExists are often success, Conflict means re-read, Gone
 * means re-list, and `transient` ones may be retried (see retry.ts).
 */
export type KubeErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Forbidden'
  | 'Unauthorized'
  | 'TooManyRequests'
  | 'ServerError'
  | 'Network'
  | 'BadRequest';

/** The fields of a `metav1.Status` this project reads. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: unknown;
}

export class KubeApiError extends Error {
  readonly code: KubeErrorCode;
  /** HTTP status; 0 when no answer arrived (network). */
  readonly status: number;
  /** The Status `reason` (NotFound, AlreadyExists, Expired...), when the server sent one. */
  readonly reason: string | undefined;
  /** The server's own message (the Status `message`, or the start of a non-Status body). */
  readonly statusMessage: string;
  /** The Status body as received, when there was one. */
  readonly body: KubeStatus | undefined;
  readonly transient: boolean;
  readonly permanent: boolean;

  constructor(status: number, message: string, reason?: string, extra: { statusMessage?: string; body?: KubeStatus } = {}) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.statusMessage = extra.statusMessage ?? message;
    this.body = extra.body;
    this.code = classify(status, reason);
    // A quota refusal is Forbidden but clears once other pods finish (Argo keeps such a node Pending).
    this.transient = ['TooManyRequests', 'ServerError', 'Network', 'Conflict', 'Gone'].includes(this.code)
      || (this.code === 'Forbidden' && /exceeded quota/i.test(message));
    this.permanent = !this.transient;
  }
}

function classify(status: number, reason?: string): KubeErrorCode {
  if (status === 0) return 'Network';
  if (status === 404) return 'NotFound';
  if (status === 409) return reason === 'AlreadyExists' ? 'AlreadyExists' : 'Conflict';
  if (status === 410) return 'Gone';
  if (status === 422) return 'Invalid';
  if (status === 403) return 'Forbidden';
  if (status === 401) return 'Unauthorized';
  if (status === 429) return 'TooManyRequests';
  if (status >= 500) return 'ServerError';
  return 'BadRequest';
}

/**
 * The error for a non-2xx answer: `what` names the request (`GET /api/v1/...`),
 * the message is `<what>: <status> <Status message>`.
 */
export function statusError(status: number, text: string, what: string): KubeApiError {
  let body: KubeStatus | undefined;
  let statusMessage = text.trim().split('\n')[0]?.slice(0, 300) ?? '';
  try {
    const parsed = JSON.parse(text) as KubeStatus;
    if (parsed && typeof parsed === 'object') {
      body = parsed;
      if (typeof parsed.message === 'string') statusMessage = parsed.message;
    }
  } catch { /* not a Status object: a proxy's error page, kept as text */ }
  return new KubeApiError(status, `${what}: ${status} ${statusMessage}`.trim(), body?.reason, { statusMessage, ...(body ? { body } : {}) });
}

/** The error for a request that got no answer (refused, reset, timed out). */
export function networkError(what: string, cause: string): KubeApiError {
  return new KubeApiError(0, `${what}: ${cause}`, undefined, { statusMessage: cause });
}

export function isCode(e: unknown, ...codes: KubeErrorCode[]): boolean {
  return e instanceof KubeApiError && codes.includes(e.code);
}

/** Transient unless we know better: unknown errors (bugs aside) are usually the network. */
export function isTransient(e: unknown): boolean {
  return e instanceof KubeApiError ? e.transient : true;
}

/** The message of any thrown value (errors from another realm, e.g. node core under jest, are not `instanceof Error`). */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
