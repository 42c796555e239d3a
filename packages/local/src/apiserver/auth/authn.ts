/**
 * Who sent a request. The admin (the local cluster's own kubeconfig: the
 * controller, the kubelet, the CLI, kubectl) is unrestricted; a
 * service-account token makes the request that account's, for RBAC to judge.
 * A request without any credential is `system:anonymous` (group
 * `system:unauthenticated`), which RBAC grants nothing, so it gets
 * Kubernetes' 403; a token that does not verify is refused (401), never
 * downgraded. See docs/decisions/0020-credentials-everywhere.md. Only a server
 * started without an admin token (in-process unit tests) treats a bare
 * request as the admin's.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Store } from '../../store/store.js';
import { resourceKey } from '../../store/types.js';
import { serviceAccountUser, type UserInfo } from './rbac.js';
import type { TokenSigner } from './tokens.js';

export type Identity = { kind: 'admin' } | { kind: 'user'; user: UserInfo };

export interface AuthnContext {
  store: Store;
  signer: TokenSigner;
  /** The admin bearer token, when the server requires one. */
  adminToken?: string;
  now(): Date;
}

/** Who a request without credentials is (Kubernetes' anonymous user). */
export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

const SERVICE_ACCOUNTS = resourceKey('', 'serviceaccounts');
const PODS = resourceKey('', 'pods');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** The service account a token names, if it verifies and what it is bound to still exists. */
export function tokenUser(ctx: AuthnContext, token: string): UserInfo | undefined {
  const claims = ctx.signer.verify(token, ctx.now());
  const k = claims?.['kubernetes.io'];
  if (!k) return undefined;
  const sa = ctx.store.get(SERVICE_ACCOUNTS, k.namespace, k.serviceaccount.name);
  if (!sa || sa.metadata.uid !== k.serviceaccount.uid) return undefined;
  if (k.pod) {
    const pod = ctx.store.get(PODS, k.namespace, k.pod.name);
    if (!pod || pod.metadata.uid !== k.pod.uid) return undefined;
  }
  return { name: serviceAccountUser(k.namespace, k.serviceaccount.name), groups: serviceAccountGroups(k.namespace) };
}

/**
 * Where a pod's kubeconfig carries its token besides the user entry: client-go
 * (kubectl) never sends a bearer token over plain http, but it keeps a path
 * in the server URL, so `<server>/argo-ts-token/<token>/api/...` reaches the
 * API server with the token intact.
 */
export const PATH_TOKEN_PREFIX = '/argo-ts-token/';

/** Splits `/argo-ts-token/<token>/rest` into the token and `/rest`; other paths pass through. */
export function takePathToken(pathname: string): { token?: string; pathname: string } {
  if (!pathname.startsWith(PATH_TOKEN_PREFIX)) return { pathname };
  const rest = pathname.slice(PATH_TOKEN_PREFIX.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? { token: rest, pathname: '/' } : { token: rest.slice(0, slash), pathname: rest.slice(slash) };
}

/** The request's identity, or undefined when it must be refused (401). `pathToken`: from takePathToken. */
export function authenticate(ctx: AuthnContext, req: IncomingMessage, pathToken?: string): Identity | undefined {
  const header = req.headers.authorization;
  if (header === undefined && pathToken === undefined) return ctx.adminToken ? { kind: 'user', user: ANONYMOUS } : { kind: 'admin' };
  const m = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (header !== undefined && !m) return undefined;
  const token = m ? m[1]! : pathToken!;
  if (ctx.adminToken && sameSecret(token, ctx.adminToken)) return { kind: 'admin' };
  const user = tokenUser(ctx, token);
  return user ? { kind: 'user', user } : undefined;
}
