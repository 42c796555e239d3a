/**
 * Runs one container to completion: sandboxed process, or in-process executor
 * for `argoexec` containers. Returns the terminated state; never throws for
 * container-level failures (they become reasons and messages).
 */
import { execLimitViolation } from './exec-limits.js';
import { chmodSync, closeSync, createWriteStream, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { DEFAULT_EXECUTOR_IMAGE, EXECUTOR_BINARY } from '@argo-ts/spec';
import type { ExecutorContext } from '@argo-ts/executor';
import { applyImageConfig, ImageConfigError } from '../images/config.js';
import type { PullOutcome } from '../images/puller.js';
import { containerRoot } from '../images/rootfs.js';
import { buildBwrapArgv, bwrapEnvArgs, ENV_ARGS_FD, type SandboxMount, type SandboxSpec } from '../sandbox/bwrap.js';
import { prepareMemoryLimit } from '../sandbox/memory.js';
import type { ProcessExit, RunningProcess } from '../sandbox/spawner.js';
import { expandVars } from './expand.js';
import { imageRepository, resolveCommand } from './images.js';
import { criLogWriter } from './logs.js';
import { pathResolver } from './mounts.js';
import { parseQuantity } from './quantity.js';
import type { PodRuntime } from './runtime.js';
import type { ContainerRunState } from './status.js';

const MAX_TERMINATION_MESSAGE = 4096;
const FALLBACK_LOG_BYTES = 2048;

export interface ContainerRun {
  container: V1Container;
  pod: V1Pod;
  env: Record<string, string>;
  mounts: SandboxMount[];
  /** `<stateDir>/pods/<ns>/<uid>` */
  podDir: string;
  logPath: string;
  /** Fired when the pod is deleted. */
  signal: AbortSignal;
  onStarted(startedAt: Date): void;
  /** Lets an in-process executor stop other containers of the pod (sidecars). */
  killContainers?(names: string[], signal: 'SIGTERM' | 'SIGKILL'): void;
  /** The uid/gid the container's process runs as (process mode); unset: the daemon's own. */
  user?: { uid: number; gid: number };
  /** The pod's service-account identity, for an in-process executor; without it argoexec has no API access. */
  kubeConfig?: KubeConfig;
  /** The pulled image (or the host-tools verdict); undefined: host tools. */
  image?: PullOutcome;
  /** The pod was started by an earlier kubelet: adopt the container's shim when there is one. */
  resume?: boolean;
}

/**
 * What the kubelet hands an in-process executor beyond ExecutorContext:
 * `killContainers` is the local stand-in for signalling sibling containers.
 */
export type LocalExecutorContext = ExecutorContext & {
  killContainers(names: string[], signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
};

export type Terminated = Extract<ContainerRunState, { kind: 'terminated' }>;

/** Handle to stop a running container; `kill` escalates per call (TERM, then KILL). */
export interface ContainerHandle {
  done: Promise<Terminated>;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export function isExecutorContainer(c: V1Container): boolean {
  const image = c.image ?? '';
  const isExecImage = image === DEFAULT_EXECUTOR_IMAGE || image.includes(EXECUTOR_BINARY);
  const first = c.command?.[0] ?? '';
  return isExecImage && (first === EXECUTOR_BINARY || first.endsWith(`/${EXECUTOR_BINARY}`));
}

export function startContainer(run: ContainerRun, rt: PodRuntime): ContainerHandle {
  const refused = execLimitViolation([...(run.container.command ?? []), ...(run.container.args ?? [])], run.env);
  if (refused) return { done: Promise.resolve(cannotRun(refused, new Date())), kill: () => {} };
  return isExecutorContainer(run.container) ? startInProcess(run, rt) : startSandboxed(run, rt);
}

/** Where the container's shim keeps its files (see sandbox/shim.ts). */
export function containerShimDir(run: Pick<ContainerRun, 'podDir' | 'container'>): string {
  return join(run.podDir, 'shims', run.container.name);
}

/**
 * A container an earlier kubelet started: watched through its shim, its
 * status from the shim's records. The memory limit's OOM verdict is not
 * known to the new kubelet (an OOM kill reads as exit 137, reason Error).
 */
export function adoptedContainer(run: ContainerRun, rt: PodRuntime): ContainerHandle | undefined {
  if (!run.resume) return undefined;
  const proc = rt.spawner.adopt(containerShimDir(run));
  if (!proc) return undefined;
  if (run.image?.kind === 'image') rt.images?.store.markInUse(run.pod.metadata?.uid ?? 'unknown', run.image.image.chains);
  run.onStarted(proc.startedAt);
  const hostPath = terminationPaths(run).hostPath;
  const done = proc.exited.then((exit) => terminatedFrom(run, exit, hostPath, proc.startedAt, false));
  return { done, kill: (signal) => proc.kill(signal) };
}

/** The terminated state of a container process (sandboxed or argoexec) from its exit. */
export function terminatedFrom(run: ContainerRun, exit: ProcessExit, terminationHostPath: string, startedAt: Date, oom: boolean): Terminated {
  if (exit.error && exit.exitCode === 127) return cannotRun(`failed to start container: ${exit.error}`, startedAt);
  const exitCode = oom ? 137 : exit.exitCode;
  const reason = oom ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  const message = terminationMessage(run, terminationHostPath, exitCode);
  return { kind: 'terminated', exitCode, reason, message, startedAt, finishedAt: exit.finishedAt ?? new Date(), signal: exitCode > 128 ? exitCode - 128 : undefined };
}

function startSandboxed(run: ContainerRun, rt: PodRuntime): ContainerHandle {
  const adopted = adoptedContainer(run, rt);
  if (adopted) return adopted;
  const startedAt = new Date();
  let prepared: { spec: SandboxSpec; wrapper: string[] };
  try {
    prepared = run.image?.kind === 'image' ? imageSandbox(run, rt, run.image) : hostSandbox(run, rt);
  } catch (e) {
    if (e instanceof ImageConfigError || e instanceof CommandError) return { done: Promise.resolve(cannotRun(e.message, startedAt)), kill: () => {} };
    throw e;
  }
  const { container: c } = run;
  const termination = prepared.spec.terminationLog!;
  const argv = [...prepared.wrapper, ...buildBwrapArgv(prepared.spec, { envArgsFd: ENV_ARGS_FD })];
  const argsFile = writeEnvArgs(run, prepared.spec);
  const limitBytes = c.resources?.limits?.memory !== undefined ? parseQuantity(c.resources.limits.memory) : undefined;
  const memory = limitBytes !== undefined ? prepareMemoryLimit(`${run.pod.metadata?.uid}-${c.name}`, limitBytes) : undefined;
  const proc: RunningProcess = rt.spawner.run([...(memory?.wrapper ?? []), ...argv], run.logPath, containerShimDir(run), { argsFile });
  void proc.started.then((pid) => pid !== undefined && run.onStarted(startedAt));
  const done = proc.exited.then((exit): Terminated => {
    const oom = memory?.oomKilled() ?? false;
    memory?.cleanup();
    return terminatedFrom(run, exit, termination.hostPath, startedAt, oom);
  });
  return { done, kill: (signal) => proc.kill(signal) };
}

class CommandError extends Error {}

/** The sandbox's env for bwrap's `--args` (see bwrapEnvArgs): a 0600 file the spawn helper opens as fd 3 and removes. */
export function writeEnvArgs(run: ContainerRun, spec: SandboxSpec): string {
  const dir = join(run.podDir, 'env');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${run.container.name}-${process.hrtime.bigint()}.args`);
  writeFileSync(file, bwrapEnvArgs(spec), { mode: 0o600 });
  return file;
}

function expandedCommand(run: ContainerRun): { command?: string[]; args?: string[] } {
  const lookup = (n: string): string | undefined => run.env[n];
  return { command: run.container.command?.map((s) => expandVars(s, lookup)), args: run.container.args?.map((s) => expandVars(s, lookup)) };
}

/** Today's way, kept as the `host` image mode and the offline fallback: the host's /usr and /etc, our shims first on PATH. */
function hostSandbox(run: ContainerRun, rt: PodRuntime): { spec: SandboxSpec; wrapper: string[] } {
  const { container: c, env } = run;
  const { command, args } = expandedCommand(run);
  const resolved = resolveCommand(c.image ?? '', command, args);
  if (!resolved.ok) throw new CommandError(resolved.message);
  if (!run.image) rt.logOnce(`image ${c.image} not pulled: running with host tools`);
  const mounts = [...run.mounts];
  if (imageRepository(c.image ?? '') === 'argoproj/argosay') {
    mounts.push({ hostPath: join(rt.shimsDir, 'argosay'), containerPath: '/argosay', readOnly: true });
  }
  return {
    wrapper: [],
    spec: {
      command: resolved.argv, env, mounts,
      // Images we do not pull have no WORKDIR to read: start where an image without one starts, in /.
      workingDir: c.workingDir || '/', hostname: run.pod.metadata?.name,
      shimsDir: rt.shimsDir, terminationLog: terminationFile(run), user: run.user,
    },
  };
}

/** The pulled image: its layers under the container's writable root, its config applied. */
function imageSandbox(run: ContainerRun, rt: PodRuntime, image: Extract<PullOutcome, { kind: 'image' }>): { spec: SandboxSpec; wrapper: string[] } {
  const store = rt.images!.store;
  const layerRoots = image.image.chains.map((ch) => store.layerRoot(ch));
  const { command, args } = expandedCommand(run);
  const applied = applyImageConfig(image.image.config, run.container, run.pod, run.env, command, args, layerRoots);
  store.markInUse(run.pod.metadata?.uid ?? 'unknown', image.image.chains);
  const root = containerRoot(layerRoots, join(run.podDir, 'rootfs', run.container.name));
  return {
    wrapper: root.wrapper,
    spec: {
      command: applied.argv, env: applied.env, mounts: run.mounts, workingDir: applied.workingDir, hostname: run.pod.metadata?.name,
      terminationLog: terminationFile(run), rootfs: root.merged, ...(applied.user ? { user: applied.user } : {}),
    },
  };
}

function startInProcess(run: ContainerRun, rt: PodRuntime): ContainerHandle {
  const abort = new AbortController();
  run.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const scratch = join(run.podDir, 'rootfs', run.container.name);
  const file = createWriteStream(run.logPath, { flags: 'a' });
  const stdout = criLogWriter(run.logPath, 'stdout', file);
  const stderr = criLogWriter(run.logPath, 'stderr', file);
  const startedAt = new Date();
  const args = [...(run.container.command ?? []).slice(1), ...(run.container.args ?? [])].map((s) => expandVars(s, (n) => run.env[n]));
  run.onStarted(startedAt);
  const done = (async (): Promise<Terminated> => {
    let exitCode: number;
    let message: string | undefined;
    try {
      const ctx: LocalExecutorContext = {
        args, env: run.env, resolvePath: pathResolver(run.mounts, scratch), kubeConfig: run.kubeConfig ?? noApiAccess(rt.kubeConfig),
        stdout, stderr, signal: abort.signal,
        killContainers: async (names, signal) => run.killContainers?.(names, signal),
      };
      const result = await rt.executor(ctx);
      exitCode = result.exitCode;
      message = result.message;
    } catch (e) {
      exitCode = 1;
      message = `argoexec ${args[0] ?? ''}: ${(e as Error).message}`;
      stderr.write(`${message}\n`);
    }
    stdout.flushPartial();
    stderr.flushPartial();
    await new Promise<void>((r) => file.end(r));
    if (abort.signal.aborted && exitCode === 0) exitCode = 143;
    const reason = exitCode === 0 ? 'Completed' : 'Error';
    return { kind: 'terminated', exitCode, reason, message: message?.slice(0, MAX_TERMINATION_MESSAGE), startedAt, finishedAt: new Date() };
  })();
  // An in-process executor has no process to kill: both signals abort it.
  return { done, kill: () => abort.abort() };
}

/**
 * A kubeconfig the API server refuses (401): an executor without its pod's
 * identity must not fall back to the kubelet's own, which is the admin's.
 */
function noApiAccess(kubelet: KubeConfig): KubeConfig {
  const kc = new KubeConfig();
  const server = kubelet.getCurrentCluster()?.server ?? 'http://127.0.0.1:1';
  kc.loadFromOptions({
    clusters: [{ name: 'none', server, skipTLSVerify: true }],
    users: [{ name: 'none', token: 'no-service-account-token' }],
    contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
    currentContext: 'none',
  });
  return kc;
}

export function cannotRun(message: string, startedAt: Date): Terminated {
  return { kind: 'terminated', exitCode: 128, reason: 'ContainerCannotRun', message, startedAt, finishedAt: new Date() };
}

function terminationPaths(run: ContainerRun): { hostPath: string; containerPath: string } {
  return { hostPath: join(run.podDir, 'termination', run.container.name), containerPath: run.container.terminationMessagePath || '/dev/termination-log' };
}

export function terminationFile(run: ContainerRun): { hostPath: string; containerPath: string } {
  const paths = terminationPaths(run);
  mkdirSync(join(run.podDir, 'termination'), { recursive: true });
  const hostPath = paths.hostPath;
  writeFileSync(hostPath, '');
  // World-writable as a kubelet makes it: the container may run as any user.
  chmodSync(hostPath, 0o666);
  return paths;
}

export function terminationMessage(run: ContainerRun, hostPath: string, exitCode: number): string | undefined {
  const written = readBounded(hostPath, 0, MAX_TERMINATION_MESSAGE);
  if (written) return written;
  if (exitCode !== 0 && run.container.terminationMessagePolicy === 'FallbackToLogsOnError') {
    return lastLogBytes(run.logPath);
  }
  return undefined;
}

function lastLogBytes(logPath: string): string | undefined {
  if (!existsSync(logPath)) return undefined;
  const size = statSync(logPath).size;
  const from = Math.max(0, size - 4 * FALLBACK_LOG_BYTES);
  const raw = readBounded(logPath, from, size - from) ?? '';
  const lines = raw.split('\n').slice(from > 0 ? 1 : 0).filter(Boolean);
  const text = lines.map((l) => l.split(' ').slice(3).join(' ')).join('\n');
  return text.slice(-FALLBACK_LOG_BYTES) || undefined;
}

function readBounded(path: string, position: number, max: number): string | undefined {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(max);
      const n = readSync(fd, buf, 0, max, position);
      return n > 0 ? buf.subarray(0, n).toString('utf8') : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

