/**
 * The workflow controller as its own process, as the Deployment in
 * manifests/base runs it: the `workflow-controller` bin, configured only by
 * its flags, a kubeconfig file and its ConfigMap (no environment beyond PATH).
 * The daemon supervises it like a kubelet restarting a crashed container:
 * restart with backoff while the daemon runs, SIGTERM (then SIGKILL) on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ControllerProcessOptions {
  kubeconfigPath: string;
  /** Namespace of the controller's ConfigMap (the local cluster bootstraps it in `argo`). */
  namespace: string;
  configMapName: string;
  log(line: string): void;
  /** The bin to run; default: @argo-ts/controller's bin/workflow-controller.js. */
  bin?: string;
}

export interface ControllerProcess {
  /** How often the process was (re)started. */
  readonly starts: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];
/** A run that lasted this long was healthy: the next restart starts from the first backoff step. */
const HEALTHY_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export function controllerBin(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; its bin is beside dist.
  return join(dirname(dirname(require.resolve('@argo-ts/controller'))), 'bin', 'workflow-controller.js');
}

/** The flags the Deployment passes, minus what one local process does not need (leader election, a metrics port). */
export function controllerArgs(opts: Pick<ControllerProcessOptions, 'kubeconfigPath' | 'namespace' | 'configMapName'>): string[] {
  return ['--kubeconfig', opts.kubeconfigPath, '--namespace', opts.namespace, '--configmap', opts.configMapName, '--metrics-port', '0'];
}

export function startControllerProcess(opts: ControllerProcessOptions): ControllerProcess {
  const bin = opts.bin ?? controllerBin();
  let child: ChildProcess | undefined;
  let stopping = false;
  let starts = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = (): void => {
    starts++;
    const startedAt = Date.now();
    const proc = spawn(process.execPath, [bin, ...controllerArgs(opts)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    child = proc;
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => opts.log(`controller: ${line}`));
    }
    exited = new Promise((resolve) => {
      proc.on('error', (e) => opts.log(`controller: cannot start ${bin}: ${e.message}`));
      proc.on('close', (code, signal) => {
        child = undefined;
        resolve();
        if (stopping) return;
        failures = Date.now() - startedAt >= HEALTHY_MS ? 1 : failures + 1;
        const delay = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)]!;
        opts.log(`controller: exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
        timer = setTimeout(launch, delay);
      });
    });
  };
  launch();

  return {
    get starts() { return starts; },
    get pid() { return child?.pid; },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      const proc = child;
      if (!proc) return;
      proc.kill('SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}
