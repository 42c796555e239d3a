/**
 * The CLI's side of the shared Kubernetes client (@argo-ts/spec/kube): a
 * connection from the CLI's own kubeconfig reader (client-node is loaded
 * only for exec / auth-provider users, to keep `argo list` cold start low).
 * errors.ts turns its KubeApiError into the CliError the user sees.
 */
import { readFileSync } from 'node:fs';
import { KubeClient, type KubeConnection, type KubeCredentials } from '@argo-ts/spec/kube';
import type { Connection } from './kubeconfig.js';

export function kubeConnection(conn: Connection): KubeConnection {
  const tls = { ...(conn.ca ? { ca: conn.ca } : {}), ...(conn.cert ? { cert: conn.cert } : {}), ...(conn.key ? { key: conn.key } : {}), rejectUnauthorized: !conn.insecureSkipTLSVerify };
  let delegated: string | undefined;
  return {
    server: conn.server,
    origin: conn.origin,
    async credentials(): Promise<KubeCredentials> {
      if (conn.delegate && delegated === undefined) delegated = await delegatedAuth(conn.delegate);
      const auth = delegated || (conn.token ? `Bearer ${conn.token}`
        : conn.tokenFile ? `Bearer ${readFileSync(conn.tokenFile, 'utf8').trim()}`
          : conn.basicAuth ? `Basic ${conn.basicAuth}` : undefined);
      return { headers: auth ? { Authorization: auth } : {}, tls };
    },
  };
}

/** exec / auth-provider credentials: let client-node compute them once. */
async function delegatedAuth(d: NonNullable<Connection['delegate']>): Promise<string> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(d.kubeconfigPaths[0]!);
  kc.setCurrentContext(d.context);
  const opts: { headers?: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts as any);
  return opts.headers?.Authorization ?? opts.headers?.authorization ?? '';
}

/** A client for one CLI command: no keep-alive, since an idle pooled socket would hold a finished CLI open. */
export function cliKubeClient(conn: Connection): KubeClient {
  return new KubeClient(kubeConnection(conn), { keepAlive: false });
}
