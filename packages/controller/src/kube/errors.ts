/**
 * Errors from the Kubernetes API, classified once so every caller decides the
 * same way: NotFound/AlreadyExists are often success, Conflict means re-read,
 * Gone means re-list, and `transient` ones are retried with backoff.
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

export class KubeApiError extends Error {
  readonly code: KubeErrorCode;
  readonly status: number;
  readonly transient: boolean;
  readonly permanent: boolean;
  /** The API server's own message (the Status `message`), without the request that got it: what Argo shows as the error. */
  readonly statusMessage: string;

  constructor(status: number, message: string, reason?: string, statusMessage?: string) {
    super(message);
    this.statusMessage = statusMessage ?? message;
    this.name = 'KubeApiError';
    this.status = status;
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
