/**
 * Auth modes as Argo's `--auth-mode`: `server` answers with the server's own
 * account; `client` passes the caller's bearer token to the Kubernetes API so
 * that its RBAC decides. A server started with `serverToken` (the local
 * cluster always does) also demands that token from callers in server mode:
 * every service the local cluster runs demands credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { RestKubeApi } from '@argo-ts/controller';
import { ApiError } from './errors.js';
import { Kube } from './kube/client.js';

export type AuthMode = 'server' | 'client';
export const AUTH_MODES: readonly AuthMode[] = ['server', 'client'];

export interface Caller {
  mode: AuthMode;
  kube: Kube;
  /** The caller's bearer token (client mode only). */
  token?: string;
}

export interface AuthOptions {
  kubeConfig: KubeConfig;
  modes: readonly AuthMode[];
  serverToken?: string;
}

/** The bearer token of a request: the Authorization header, else the `authorization` cookie Argo's UI sets. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  const fromCookie = cookie(typeof headers.cookie === 'string' ? headers.cookie : '', 'authorization');
  const value = header ?? fromCookie;
  if (!value) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1] : undefined;
}

function cookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try { return decodeURIComponent(part.slice(i + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const MAX_CLIENTS = 256;

export class Authenticator {
  private readonly serverKube: Kube;
  /** Clients by token digest, most recently used last; bounded so tokens cannot grow memory without end. */
  private readonly clients = new Map<string, Kube>();

  constructor(private readonly opts: AuthOptions) {
    if (opts.modes.length === 0) throw new ApiError('InvalidArgument', 'at least one auth mode is required');
    this.serverKube = new Kube(new RestKubeApi(opts.kubeConfig));
  }

  get modes(): readonly AuthMode[] {
    return this.opts.modes;
  }

  /** Who a request acts as, or Unauthenticated. */
  authenticate(headers: Record<string, string | string[] | undefined>): Caller {
    const token = bearerToken(headers);
    const server = this.opts.modes.includes('server');
    const client = this.opts.modes.includes('client');
    if (server) {
      if (!this.opts.serverToken) {
        // Argo's server mode ignores any token; with client mode too, a token means client mode.
        if (!(client && token)) return { mode: 'server', kube: this.serverKube };
      } else if (token && sameSecret(token, this.opts.serverToken)) {
        return { mode: 'server', kube: this.serverKube };
      }
    }
    if (client && token) return { mode: 'client', kube: this.clientKube(token), token };
    throw new ApiError('Unauthenticated', token ? 'token not valid for running mode' : `token not found: this server (auth mode ${this.opts.modes.join(',')}) needs "Authorization: Bearer <token>"`);
  }

  private clientKube(token: string): Kube {
    const key = createHash('sha256').update(token).digest('hex');
    let kube = this.clients.get(key);
    if (kube) {
      this.clients.delete(key);
    } else {
      kube = new Kube(new RestKubeApi(tokenConfig(this.opts.kubeConfig, token)));
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    }
    this.clients.set(key, kube);
    return kube;
  }
}

/** The server's kubeconfig cluster (URL, CA, TLS settings) with the caller's token as the only credential. */
export function tokenConfig(base: KubeConfig, token: string): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new ApiError('Internal', 'the server kubeconfig has no current cluster');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'caller', token }],
    contexts: [{ name: 'caller', cluster: cluster.name, user: 'caller' }],
    currentContext: 'caller',
  });
  return kc;
}

/** The claims of a JWT-shaped token, read without verifying (display only: the API server verifies on use). */
export function tokenClaims(token: string | undefined): Record<string, unknown> {
  const part = token?.split('.')[1];
  if (!part) return {};
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? v as Record<string, unknown> : {};
  } catch {
    return {};
  }
}
