/**
 * `POST .../serviceaccounts/<name>/token` (authentication.k8s.io/v1
 * TokenRequest): how the kubelet gets a pod its service account's token.
 * A token may be bound to a Pod (by name and uid); it then stops working
 * when that pod is gone.
 */
import { ApiError, notFound } from '../../store/errors.js';
import type { KubeObject } from '../../store/types.js';
import { resourceKey } from '../../store/types.js';
import { timestamp } from '../objects.js';
import type { TokenSigner } from './tokens.js';

/** Kubernetes' floor; the default is an hour. */
const MIN_EXPIRATION = 600;
const DEFAULT_EXPIRATION = 3600;
const MAX_EXPIRATION = 2 * 365 * 24 * 3600;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('Invalid', `TokenRequest.authentication.k8s.io is invalid: ${field}: ${message}`, {
    group: 'authentication.k8s.io', kind: 'TokenRequest', causes: [{ field, reason: 'FieldValueInvalid', message }],
  });
}

function parseSpec(body: unknown): TokenRequestSpec {
  const spec = (body as { spec?: unknown } | undefined)?.spec ?? {};
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw invalid('spec', 'must be an object');
  const s = spec as TokenRequestSpec;
  if (s.audiences !== undefined && (!Array.isArray(s.audiences) || s.audiences.some((a) => typeof a !== 'string'))) {
    throw invalid('spec.audiences', 'must be a list of strings');
  }
  const exp = s.expirationSeconds;
  if (exp !== undefined && (!Number.isInteger(exp) || exp < MIN_EXPIRATION || exp > MAX_EXPIRATION)) {
    throw invalid('spec.expirationSeconds', `must be a whole number of seconds from ${MIN_EXPIRATION} to ${MAX_EXPIRATION} (got ${String(exp)})`);
  }
  return s;
}

export interface TokenRequestContext {
  store: { get(res: string, namespace: string | undefined, name: string): KubeObject | undefined };
  signer: TokenSigner;
  now(): Date;
}

export function createTokenRequest(ctx: TokenRequestContext, namespace: string, account: string, body: unknown): Record<string, unknown> {
  const spec = parseSpec(body);
  const sa = ctx.store.get(resourceKey('', 'serviceaccounts'), namespace, account);
  if (!sa) throw notFound('serviceaccounts', '', account);
  let pod: { name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    if (ref.kind !== 'Pod') throw invalid('spec.boundObjectRef.kind', `must be "Pod" (got "${String(ref.kind)}")`);
    const obj = ctx.store.get(resourceKey('', 'pods'), namespace, String(ref.name ?? ''));
    if (!obj || (ref.uid && obj.metadata.uid !== ref.uid)) throw notFound('pods', '', String(ref.name ?? ''));
    pod = { name: obj.metadata.name!, uid: obj.metadata.uid! };
  }
  const audiences = spec.audiences?.length ? spec.audiences : [];
  const now = ctx.now();
  const { token, expires } = ctx.signer.issue({
    namespace, serviceAccount: { name: account, uid: sa.metadata.uid! }, pod, audiences, expirationSeconds: spec.expirationSeconds ?? DEFAULT_EXPIRATION,
  }, now);
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name: account, namespace, creationTimestamp: timestamp(now) },
    spec: { audiences, expirationSeconds: spec.expirationSeconds ?? DEFAULT_EXPIRATION, ...(ref ? { boundObjectRef: ref } : {}) },
    status: { token, expirationTimestamp: timestamp(expires) },
  };
}
