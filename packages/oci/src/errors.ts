/**
 * One error type for everything the registry client does. `code` says what
 * went wrong; `transient` says whether trying again later may help (the only
 * place that retries is the caller's backoff, e.g. the kubelet's pull loop).
 */
export type RegistryErrorCode =
  /** DNS or connect failure: no answer from the registry at all. */
  | 'Unreachable'
  /** The registry refused our credentials (or wants some we do not have). */
  | 'Unauthorized'
  /** Tag, manifest or blob unknown. */
  | 'NotFound'
  /** Content whose sha256 differs from the digest that names it. */
  | 'DigestMismatch'
  /** A reference that is not an image name. */
  | 'InvalidReference'
  /** No manifest in an index matches the host's platform. */
  | 'NoMatchingPlatform'
  /** Anything else the registry answered that we cannot use (5xx, bad JSON, unknown media type). */
  | 'BadResponse';

const TRANSIENT: ReadonlySet<RegistryErrorCode> = new Set(['Unreachable', 'BadResponse']);

export class RegistryError extends Error {
  readonly transient: boolean;
  constructor(readonly code: RegistryErrorCode, message: string, readonly status?: number) {
    super(message);
    this.name = 'RegistryError';
    this.transient = TRANSIENT.has(code);
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}

/** Node/undici error codes that mean the registry could not be reached at all. */
const UNREACHABLE_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH',
  'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'ABORT_ERR',
]);

/** Turns a fetch rejection into a RegistryError naming the request, as `METHOD URL: cause`. */
export function networkError(method: string, url: string, e: unknown): RegistryError {
  const cause = (e as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } })?.cause;
  // Several addresses tried: an AggregateError whose parts carry the codes.
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? (e as { code?: string })?.code ?? (e as { name?: string })?.name;
  const detail = cause?.message ?? (e as Error)?.message ?? String(e);
  if (code === 'TimeoutError' || code === 'AbortError' || (code && UNREACHABLE_CODES.has(code))) {
    return new RegistryError('Unreachable', `${method} ${url}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`);
  }
  return new RegistryError('BadResponse', `${method} ${url}: ${detail}`);
}
