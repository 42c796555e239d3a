import { KubeApiError } from '@argo-ts/spec/kube';
/** Why an executor step failed; `transient` errors are retried by withRetry. */
export type ExecutorErrorCode =
  | 'BadTemplate'         // ARGO_TEMPLATE missing or not what we expect
  | 'ArtifactNotFound'    // a required input/output artifact does not exist
  | 'ArtifactUnsupported' // a backend this executor does not implement
  | 'ArtifactRead'        // reading from an artifact repository failed
  | 'ArtifactWrite'       // writing to an artifact repository failed
  | 'ArchiveUnsafe'       // an archive entry would land outside its target
  | 'ArchiveInvalid'      // an archive that cannot be read
  | 'OutputMissing'       // an output parameter/artifact path that does not exist
  | 'OutputUnsafe'        // an output that is a link out of the container (never followed on the host)
  | 'SecretMissing'       // a referenced secret or key does not exist
  | 'Network'             // connection refused/reset, timeouts
  | 'Kubernetes'          // the API server refused a request
  | 'Aborted'             // the pod is being deleted
  | 'Resource'            // resource template failures
  | 'Data';               // data template failures

export class ExecutorError extends Error {
  readonly code: ExecutorErrorCode;
  readonly transient: boolean;
  constructor(code: ExecutorErrorCode, message: string, opts: { transient?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ExecutorError';
    this.code = code;
    this.transient = opts.transient ?? false;
  }
}

const TRANSIENT_NET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

export function isNetworkCode(code: unknown): boolean {
  return typeof code === 'string' && TRANSIENT_NET_CODES.has(code);
}

/** Decides whether an error from any library is worth retrying: network, 5xx, throttling. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ExecutorError || err instanceof KubeApiError) return err.transient;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Record<string, any>;
  if (typeof e.code === 'string' && TRANSIENT_NET_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode ?? e.statusCode ?? e.code;
  if (typeof status === 'number' && (status >= 500 || status === 429)) return true;
  if (e.$retryable || e.name === 'SlowDown' || e.name === 'ThrottlingException' || e.name === 'RequestTimeout') return true;
  if (e.cause && e.cause !== err) return isTransient(e.cause);
  return false;
}

/** One line for a node message: never a stack trace. A Kubernetes Status (as client-node hands it, JSON text) gives its message. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err);
  if (typeof err === 'string' && err.startsWith('{')) {
    try {
      const status = JSON.parse(err) as { kind?: unknown; message?: unknown };
      if (status.kind === 'Status' && typeof status.message === 'string') return status.message;
    } catch {
      // not JSON after all: the text itself is the message
    }
  }
  return String(err);
}
