/**
 * Where and how to reach an API server: URL, TLS material and credentials.
 * Built from client-node's KubeConfig (controller, executor, kubelet) or from
 * the CLI's own kubeconfig reader, which skips client-node for cold start.
 * Typed structurally so spec does not depend on @kubernetes/client-node.
 */
import type http from 'node:http';
import type https from 'node:https';

export interface KubeTls {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  rejectUnauthorized?: boolean;
}

/** What each request is sent with; `tls` should stay the same object while unchanged (the client keys its agent on it). */
export interface KubeCredentials {
  headers: Record<string, string>;
  tls?: KubeTls;
  /** An agent that must be used as is (a proxy from the kubeconfig); else the client pools its own. */
  agent?: http.Agent;
}

export interface KubeConnection {
  /** The API server URL (`https://host:6443`; a path prefix is kept). */
  server: string;
  /** Asked before every request; implementations cache, and refresh what rotates (tokens). */
  credentials?: () => Promise<KubeCredentials>;
  /** Where the connection came from (a kubeconfig path), for "cannot reach" messages. */
  origin?: string;
}

/** The part of client-node's KubeConfig read here. */
export interface KubeConfigLike {
  getCurrentCluster(): { server: string; proxyUrl?: string } | null;
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

/** Credentials are re-read after this long, so exec plugins and projected tokens can rotate. */
const REFRESH_MS = 60_000;

/** A connection from client-node's KubeConfig: its auth headers, TLS files and proxy, refreshed every minute. */
export function connectionFromKubeConfig(kc: KubeConfigLike): KubeConnection {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  let cached: (KubeCredentials & { expires: number }) | undefined;
  return {
    server: cluster.server,
    async credentials() {
      if (cached && cached.expires > Date.now()) return cached;
      const o: https.RequestOptions & { rejectUnauthorized?: boolean } = {};
      await kc.applyToHTTPSOptions(o);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.headers ?? {})) if (v !== undefined) headers[k] = String(v);
      if (o.auth) headers.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`;
      const tls: KubeTls = {};
      if (o.ca) tls.ca = o.ca as KubeTls['ca'];
      if (o.cert) tls.cert = o.cert as KubeTls['cert'];
      if (o.key) tls.key = o.key as KubeTls['key'];
      if (o.rejectUnauthorized !== undefined) tls.rejectUnauthorized = o.rejectUnauthorized;
      // Same TLS as before: keep the object, so the client keeps its pooled sockets.
      const sameTls = cached?.tls && JSON.stringify(cached.tls) === JSON.stringify(tls);
      cached = {
        headers,
        tls: sameTls ? cached!.tls! : tls,
        ...(cluster.proxyUrl && o.agent ? { agent: o.agent as http.Agent } : {}),
        expires: Date.now() + REFRESH_MS,
      };
      return cached;
    },
  };
}
