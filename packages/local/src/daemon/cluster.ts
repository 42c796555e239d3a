/**
 * The whole local cluster in one process: API server, kubelet, S3 store and
 * controller, plus the bootstrap objects Argo's examples expect.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type ValidationLevel } from '../apiserver/index.js';
import { Kubelet } from '../kubelet/kubelet.js';
import { LogRegistry } from '../kubelet/logs.js';
import { ArtifactRepositoryDefaults } from '@argo-ts/spec';
import { bootstrap } from './bootstrap.js';
import { startController } from '@argo-ts/controller';
import { startS3Server, type S3Server } from '../s3/index.js';
import { startArgoServer, type ArgoServer } from '@argo-ts/server';
import { kubeConfigFor, writeKubeconfig } from './kubeconfig.js';
import { PATH_TOKEN_PREFIX } from '../apiserver/auth/authn.js';
import { daemonFiles, defaultStateDir } from './paths.js';
import { loadSettings, saveSettings } from './settings.js';
import type { ImageMode } from '../images/puller.js';
import { startControllerProcess } from './controller-process.js';
import type { ExecutorMode } from '../kubelet/runtime.js';

export type ControllerMode = 'process' | 'in-process';
export type { ExecutorMode };

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
  /** Image mode; default: the saved setting, else auto. Saved for later starts. */
  images?: ImageMode;
  /** Registries pulled from over plain http; default: the saved setting. Saved for later starts. */
  insecureRegistries?: string[];
  /** 'in-process' (default): the controller runs inside the daemon; 'process': its own supervised process, as a Deployment runs it. */
  controllerMode?: ControllerMode;
  /** How the kubelet runs executor-image containers (see PodRuntime.executorMode); default 'in-process'. */
  executor?: ExecutorMode;
  /** Start the Argo Server (default true). */
  argoServer?: boolean;
  log?: (line: string) => void;
  /** The API server's validation of what is written (default `strict`: as Kubernetes). */
  validation?: ValidationLevel;
  /** Let pods use hostPath volumes (default false: refused, as Pod Security's baseline level refuses them). */
  allowHostPath?: boolean;
}

export interface LocalCluster {
  stateDir: string;
  kubeconfigPath: string;
  apiUrl: string;
  /** apiUrl with the admin token in its path, for plain-fetch clients (benches, tests). A secret: never log it. */
  adminApiUrl: string;
  s3Url: string;
  /** The Argo Server's URL (API and UI); empty when it was not started. */
  serverUrl: string;
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const log = opts.log ?? ((line: string) => console.error(line));
  const files = daemonFiles(stateDir);
  // Secrets live here (tokens, the WAL with Secret data, S3 keys): the owner's only.
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  chmodSync(stateDir, 0o700);
  const settings = loadSettings(files.settings);
  const logs = new LogRegistry(stateDir);
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch((e: Error) => log(`stop: ${e.message}`));
  };
  try {
    const startApi = (port: number): Promise<ApiServer> => startApiServer({ stateDir: files.apiserver, port, logs, token: settings.apiToken, validation: opts.validation ?? 'strict' });
    const api = opts.port !== undefined ? await startApi(opts.port) : await withPortFallback(settings.apiPort, startApi);
    stops.push(() => api.close());
    const kubeConfig = kubeConfigFor(api.url, settings.apiToken);
    writeKubeconfig(files.kubeconfig, api.url, settings.apiToken);

    const s3 = await startS3(files.s3, opts.s3Port, settings.s3Port, settings.accessKey, settings.secretKey);
    stops.push(() => s3.close());
    const images = opts.images ?? settings.images ?? 'auto';
    const insecureRegistries = opts.insecureRegistries ?? settings.insecureRegistries ?? [];
    let server: ArgoServer | undefined;
    if (opts.argoServer !== false) {
      server = await startServer(kubeConfig, opts.serverPort, settings.serverPort ?? opts.preferredServerPort, settings.serverToken, log);
      stops.push(() => server!.close());
    }
    saveSettings(files.settings, { ...settings, apiPort: api.port, s3Port: s3.port, images, insecureRegistries, ...(server ? { serverPort: server.port } : {}) });
    await bootstrap({ kubeConfig, s3Endpoint: new URL(s3.url).host, accessKey: settings.accessKey, secretKey: settings.secretKey });

    const kubelet = new Kubelet({ kubeConfig, stateDir, logs, log: (m) => log(`kubelet: ${m}`), imageMode: images, insecureRegistries, executorMode: opts.executor, allowHostPath: opts.allowHostPath });
    log(`kubelet: images: ${images}${insecureRegistries.length ? ` (insecure registries: ${insecureRegistries.join(', ')})` : ''}`);
    await kubelet.start();
    stops.push(() => kubelet.stop());

    if (opts.controller !== false && opts.controllerMode === 'process') {
      const controller = startControllerProcess({
        kubeconfigPath: files.kubeconfig, namespace: 'argo', configMapName: ArtifactRepositoryDefaults.controllerConfigMap, log,
      });
      stops.push(() => controller.stop());
    } else if (opts.controller !== false) {
      const controller = await startController({ kubeConfig, log: (m) => log(`controller: ${m}`) });
      stops.push(() => controller.stop());
    }
    return { stateDir, kubeconfigPath: files.kubeconfig, apiUrl: api.url, adminApiUrl: `${api.url}${PATH_TOKEN_PREFIX}${settings.apiToken}`, s3Url: s3.url, serverUrl: server?.url ?? '', stop };
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
