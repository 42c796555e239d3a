/**
 * The whole local cluster in one process: API server, kubelet, S3 store and
 * controller, plus the bootstrap objects Argo's examples expect.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../apiserver/index.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { LogRegistry } from '../kubelet/logs.js';
import { ArtifactRepositoryDefaults } from '@argo-ts/spec';
import { bootstrap } from './bootstrap.js';
import { startController } from '@argo-ts/controller';
import { startS3Server, type S3Server } from '../s3/index.js';
import { startArgoServer, type ArgoServer } from '@argo-ts/server';
import { kubeConfigFor, writeKubeconfig } from './kubeconfig.js';
import { daemonFiles, defaultStateDir } from './paths.js';
import { loadSettings, saveSettings } from './settings.js';

export interface LocalClusterOptions {
  stateDir?: string;
  /** API server port; default: the previous run's port, else a free one. */
  port?: number;
  s3Port?: number;
  /** Argo Server (REST API and web UI) port; default: the previous run's, else `preferredServerPort`, else a free one. */
  serverPort?: number;
  /** The port to try first when there is no previous one (the daemon asks for Argo's 2746; tests leave it to the OS). */
  preferredServerPort?: number;
  /** Start the workflow controller (default true). */
  controller?: boolean;
  /** Start the Argo Server (default true). */
  argoServer?: boolean;
  log?: (line: string) => void;
}

export interface LocalCluster {
  stateDir: string;
  kubeconfigPath: string;
  apiUrl: string;
  s3Url: string;
  /** The Argo Server's URL (API and UI); empty when it was not started. */
  serverUrl: string;
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const log = opts.log ?? ((line: string) => console.error(line));
  const files = daemonFiles(stateDir);
  mkdirSync(stateDir, { recursive: true });
  const settings = loadSettings(files.settings);
  const logs = new LogRegistry(stateDir);
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch((e: Error) => log(`stop: ${e.message}`));
  };
  try {
    const startApi = (port: number): Promise<ApiServer> => startApiServer({ stateDir: files.apiserver, port, logs });
    const api = opts.port !== undefined ? await startApi(opts.port) : await withPortFallback(settings.apiPort, startApi);
    stops.push(() => api.close());
    const kubeConfig = kubeConfigFor(api.url);
    writeKubeconfig(files.kubeconfig, api.url);

    const s3 = await startS3(files.s3, opts.s3Port, settings.s3Port, settings.accessKey, settings.secretKey);
    stops.push(() => s3.close());
    let server: ArgoServer | undefined;
    if (opts.argoServer !== false) {
      server = await startServer(kubeConfig, opts.serverPort, settings.serverPort ?? opts.preferredServerPort, settings.serverToken, log);
      stops.push(() => server!.close());
    }
    saveSettings(files.settings, { ...settings, apiPort: api.port, s3Port: s3.port, ...(server ? { serverPort: server.port } : {}) });
    await bootstrap({ kubeConfig, s3Endpoint: new URL(s3.url).host, accessKey: settings.accessKey, secretKey: settings.secretKey });

    const kubelet = new Kubelet({ kubeConfig, stateDir, logs, log: (m) => log(`kubelet: ${m}`) });
    await kubelet.start();
    stops.push(() => kubelet.stop());

    if (opts.controller !== false) {
      const controller = await startController({ kubeConfig, log: (m) => log(`controller: ${m}`) });
      stops.push(() => controller.stop());
    }
    return { stateDir, kubeconfigPath: files.kubeconfig, apiUrl: api.url, s3Url: s3.url, serverUrl: server?.url ?? '', stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function startS3(dir: string, explicitPort: number | undefined, previousPort: number | undefined, accessKey: string, secretKey: string): Promise<S3Server> {
  mkdirSync(join(dir, ArtifactRepositoryDefaults.bucket), { recursive: true });
  const startOn = (port: number): Promise<S3Server> => startS3Server({ dir, port, host: '127.0.0.1', accessKey, secretKey });
  return explicitPort !== undefined ? startOn(explicitPort) : withPortFallback(previousPort, startOn);
}

/**
 * The Argo Server as the cluster's admin, answering only callers that present
 * the server token (server mode) or a token the API server accepts (client
 * mode, where RBAC decides): every service of the local cluster demands credentials.
 */
async function startServer(kubeConfig: Parameters<typeof startArgoServer>[0]['kubeConfig'], explicitPort: number | undefined, previousPort: number | undefined, serverToken: string, log: (line: string) => void): Promise<ArgoServer> {
  const startOn = (port: number): Promise<ArgoServer> => startArgoServer({
    kubeConfig, authModes: ['server', 'client'], serverToken, host: '127.0.0.1', port, log: (m) => log(`argo-server: ${m}`),
  });
  return explicitPort !== undefined ? startOn(explicitPort) : withPortFallback(previousPort, startOn);
}

/** Reuse the previous port when free, otherwise take any free port. */
async function withPortFallback<T>(port: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (!port) return start(0);
  try {
    return await start(port);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
    return start(0);
  }
}
