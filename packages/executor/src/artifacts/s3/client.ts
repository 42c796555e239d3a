import type { S3Client } from '@aws-sdk/client-s3';
import { ExecutorError, isNetworkCode } from '../../errors.js';
import type { S3Location } from '../../template.js';
import { REMOTE_IDLE_TIMEOUT_MS, type DriverDeps } from '../driver.js';

/** Argo writes endpoints without a scheme (`minio:9000`); `insecure` picks http. */
export function endpointUrl(loc: S3Location): string | undefined {
  if (!loc.endpoint) return undefined;
  if (/^https?:\/\//.test(loc.endpoint)) return loc.endpoint;
  return `${loc.insecure ? 'http' : 'https'}://${loc.endpoint}`;
}

/**
 * An S3 client for one location. The SDK's own retries are off
 * (maxAttempts 1): withRetry is the only retry loop in the executor.
 */
export async function makeS3Client(loc: S3Location, deps: DriverDeps, what: string): Promise<S3Client> {
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  if (!loc.useSDKCreds) {
    if (!loc.accessKeySecret || !loc.secretKeySecret) {
      throw new ExecutorError('BadTemplate', `${what}: s3.accessKeySecret and s3.secretKeySecret are required unless s3.useSDKCreds is true`);
    }
    credentials = {
      accessKeyId: (await deps.getSecret(loc.accessKeySecret)).trim(),
      secretAccessKey: (await deps.getSecret(loc.secretKeySecret)).trim(),
    };
    if (loc.sessionTokenSecret) credentials.sessionToken = (await deps.getSecret(loc.sessionTokenSecret)).trim();
  }
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  const client = new Client({
    endpoint: endpointUrl(loc),
    region: loc.region || 'us-east-1',
    forcePathStyle: loc.addressingStyle !== 'virtual',
    credentials,
    maxAttempts: 1,
    // A silent endpoint (accepts, never answers) fails as a transient TimeoutError instead of hanging.
    requestHandler: { connectionTimeout: deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS, socketTimeout: deps.timeoutMs ?? REMOTE_IDLE_TIMEOUT_MS },
    // The SDK would otherwise add CRC checksums to every PUT, which plain S3 servers may not support.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without a logger the SDK prints "non-retryable streaming request" to the console when a
    // streamed part fails; withRetry does retry it and reports failures itself.
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  if (skipPayloadHash(loc)) {
    // The signer uses a preset x-amz-content-sha256 as is: no SHA-256 over every part on
    // either side. Only where the transport already guarantees integrity (TLS, loopback).
    client.middlewareStack.add((next) => async (args) => {
      const req = args.request as { headers?: Record<string, string>; body?: unknown };
      if (req.headers && req.body !== undefined && req.body !== null) req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    }, { step: 'build', name: 'argoUnsignedPayload' });
  }
  return client;
}

export function skipPayloadHash(loc: S3Location): boolean {
  const url = endpointUrl(loc);
  if (!url) return true;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.');
}

const NET_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up)\b/;
const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);
const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden']);

/** An SDK error as an ExecutorError with a code and the transient flag withRetry reads. */
export function s3Error(err: unknown, what: string, write: boolean): ExecutorError {
  if (err instanceof ExecutorError) return err;
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? e.code ?? 'Error';
  const detail = `${what}: ${name}${status ? ` (HTTP ${status})` : ''}${e.message && e.message !== name ? `: ${e.message}` : ''}`;
  if (NOT_FOUND.has(name) || status === 404) return new ExecutorError('ArtifactNotFound', detail);
  if (DENIED.has(name) || status === 403) return new ExecutorError(write ? 'ArtifactWrite' : 'ArtifactRead', detail);
  // The SDK wraps errors it does not recognise as Error (another realm, e.g. under jest) into
  // "AWS SDK error wrapper for …", keeping only the message: match the code there too.
  const wrapped = (e as { $cause?: { code?: string }; cause?: { code?: string } });
  const net = isNetworkCode(e.code) || isNetworkCode(wrapped.cause?.code) || isNetworkCode(wrapped.$cause?.code)
    || name === 'TimeoutError' || NET_MESSAGE.test(e.message ?? '');
  // A local error (a missing source file, a broken archive stream) has no HTTP status and is not retried.
  const transient = net || (status !== undefined && (status >= 500 || status === 429)) || name === 'SlowDown';
  return new ExecutorError(net ? 'Network' : write ? 'ArtifactWrite' : 'ArtifactRead', detail, { transient, cause: err });
}
