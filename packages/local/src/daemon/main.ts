/**
 * `node packages/local/dist/daemon/main.js [--state-dir DIR] [--port N] [--validation strict|off]`:
 * runs the local cluster until SIGTERM/SIGINT. Writes the pid file at once
 * and the ready file (JSON DaemonInfo) when everything answers.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalCluster } from './cluster.js';
import { IMAGE_MODES } from '../images/puller.js';
import { daemonFiles, defaultStateDir, type DaemonInfo } from './paths.js';

/** Argo's own port, so `argo local status` shows the URL Argo users know; another free one when taken. */
const ARGO_SERVER_PORT = 2746;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'state-dir': { type: 'string' }, port: { type: 'string' }, 's3-port': { type: 'string' }, 'no-controller': { type: 'boolean' },
      executor: { type: 'string' }, controller: { type: 'string' }, validation: { type: 'string' },
      images: { type: 'string' }, 'insecure-registry': { type: 'string', multiple: true },
      'allow-host-path': { type: 'boolean' },
    },
  });
  const executor = choiceArg('--executor', values.executor, ['process', 'in-process'] as const);
  const controllerMode = choiceArg('--controller', values.controller, ['process', 'in-process'] as const);
  const validation = choiceArg('--validation', values.validation, ['strict', 'off'] as const);
  const images = choiceArg('--images', values.images, IMAGE_MODES);
  const stateDir = values['state-dir'] ?? defaultStateDir();
  const port = values.port !== undefined ? portArg('--port', values.port) : undefined;
  const s3Port = values['s3-port'] !== undefined ? portArg('--s3-port', values['s3-port']) : undefined;
  const files = daemonFiles(stateDir);
  const log = (line: string): void => console.error(`${new Date().toISOString()} ${line}`);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(files.pid, `${process.pid}\n`);
  let cluster;
  try {
    cluster = await startLocalCluster({
      stateDir, port, s3Port, controller: !values['no-controller'], controllerMode, executor, validation, log,
      images, insecureRegistries: values['insecure-registry'], preferredServerPort: ARGO_SERVER_PORT,
      allowHostPath: values['allow-host-path'] ?? false,
    });
  } catch (e) {
    rmSync(files.pid, { force: true });
    throw e;
  }
  const info: DaemonInfo = { pid: process.pid, apiUrl: cluster.apiUrl, s3Url: cluster.s3Url, kubeconfigPath: cluster.kubeconfigPath, ...(cluster.serverUrl ? { serverUrl: cluster.serverUrl } : {}), startedAt: new Date().toISOString() };
  writeFileSync(files.ready, JSON.stringify(info) + '\n');
  log(`local cluster ready: api ${cluster.apiUrl}, s3 ${cluster.s3Url || '(none)'}, ui ${cluster.serverUrl || '(none)'}, kubeconfig ${cluster.kubeconfigPath}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    rmSync(files.ready, { force: true });
    cluster.stop().finally(() => {
      rmSync(files.pid, { force: true });
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function choiceArg<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  console.error(`argo-ts local: ${flag}: expected one of ${choices.join(', ')}, got "${value}"`);
  process.exit(2);
}

function portArg(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`argo-ts local: ${flag}: expected a port number 0-65535, got "${value}"`);
    process.exit(2);
  }
  return n;
}

main().catch((e: Error) => {
  console.error(`argo-ts local: failed to start: ${e.message}`);
  process.exit(1);
});
