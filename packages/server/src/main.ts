/**
 * `argo-server [--kubeconfig F] [--auth-mode server|client ...] [--port 2746]
 * [--host H] [--managed-namespace NS] [--tls-cert F --tls-key F]
 * [--server-token-file F] [--ui-dir D]`: runs until SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { AUTH_MODES, type AuthMode } from './auth.js';
import { startArgoServer } from './server.js';

const USAGE = `usage: argo-server [flags]
  --kubeconfig PATH          kubeconfig file (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --auth-mode MODE           client (each caller's bearer token) or server (the server's own rights); repeatable
  --port N, -p N             listen port (default 2746)
  --host H                   listen address (default 0.0.0.0)
  --managed-namespace NS     serve only NS
  --tls-cert F, --tls-key F  serve HTTPS with this certificate and key
  --server-token-file F      token callers present in auth mode server (default $ARGO_SERVER_TOKEN)
  --ui-dir D                 the web UI's files (default $ARGO_UI_DIR or the built @argo-ts/ui)
  --help, -h                 print this help`;

function fail(message: string): never {
  console.error(`argo-server: ${message}`);
  process.exit(2);
}

function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`${flag} ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      'auth-mode': { type: 'string', multiple: true },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'managed-namespace': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'server-token-file': { type: 'string' },
      'ui-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const modes = (values['auth-mode'] ?? ['client']).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  for (const m of modes) if (!AUTH_MODES.includes(m as AuthMode)) fail(`--auth-mode: expected server or client, got "${m}" (sso is not supported)`);
  const port = values.port === undefined ? 2746 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: expected a port number 0-65535, got "${values.port}"`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) fail('--tls-cert and --tls-key go together');
  const tls = values['tls-cert'] ? { cert: readFlagFile('--tls-cert', values['tls-cert']), key: readFlagFile('--tls-key', values['tls-key']!) } : undefined;
  const serverToken = values['server-token-file'] ? readFlagFile('--server-token-file', values['server-token-file']).trim() : process.env.ARGO_SERVER_TOKEN || undefined;

  const kc = new KubeConfig();
  try {
    if (values.kubeconfig) kc.loadFromFile(values.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    fail(`cannot load the kubeconfig${values.kubeconfig ? ` ${values.kubeconfig}` : ''}: ${(e as Error).message}`);
  }
  if (!kc.getCurrentCluster()) fail('the kubeconfig names no current cluster (set --kubeconfig or KUBECONFIG)');

  const log = (line: string): void => console.error(`${new Date().toISOString()} ${line}`);
  const server = await startArgoServer({
    kubeConfig: kc, authModes: modes as AuthMode[], serverToken, port, host: values.host ?? '0.0.0.0',
    managedNamespace: values['managed-namespace'], tls, uiDir: values['ui-dir'], log,
  });
  log(`argo-server listening on ${server.url} (auth mode ${modes.join(',')}${tls ? ', TLS' : ''})`);
  const stop = (signal: string): void => {
    log(`${signal}: stopping`);
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: Error) => {
  console.error(`argo-server: ${e.message}`);
  process.exit(1);
});
