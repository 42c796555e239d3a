/**
 * Service-account tokens: JWT-shaped (HS256), signed with a key that only
 * the API server holds (a file in its state directory, mode 0600), so a pod
 * cannot make one for another account. A token names its service account by
 * uid and, when bound, its pod by uid: deleting and re-creating either
 * voids the tokens made for the old one, as bound tokens do in Kubernetes.
 * Tokens are never logged.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_ISSUER = 'argo-ts-local';
const KEY_FILE = 'serviceaccount-signing.key';

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  iat: number;
  exp: number;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
  };
}

export interface TokenSubject {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  audiences: string[];
  expirationSeconds: number;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** Loads the signing key from `dir`, creating it on first use. */
export function loadSigningKey(dir: string): Buffer {
  const file = join(dir, KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length >= 32) return key;
  }
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export class TokenSigner {
  constructor(private readonly key: Buffer) {}

  private sign(data: string): Buffer {
    return createHmac('sha256', this.key).update(data).digest();
  }

  issue(s: TokenSubject, now: Date): { token: string; expires: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: TokenClaims = {
      iss: TOKEN_ISSUER,
      sub: `system:serviceaccount:${s.namespace}:${s.serviceAccount.name}`,
      aud: s.audiences,
      iat,
      exp: iat + s.expirationSeconds,
      'kubernetes.io': { namespace: s.namespace, serviceaccount: s.serviceAccount, ...(s.pod ? { pod: s.pod } : {}) },
    };
    const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    return { token: `${head}.${b64url(this.sign(head))}`, expires: new Date(claims.exp * 1000) };
  }

  /** The claims of a token this server signed and that has not expired; undefined otherwise. */
  verify(token: string, now: Date): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = this.sign(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
    if (claims.iss !== TOKEN_ISSUER || typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return undefined;
    return claims;
  }
}
