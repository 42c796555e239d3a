/**
 * The executor image's containers (`argoexec init|wait|resource|data`) run as
 * the real `argoexec` binary in a sandboxed process of the pod, as a node runs
 * them: the container's own argv, env, volumes, service-account files and
 * termination log; the image's USER; signals to stop it. What the image would
 * ship comes from the host, bound where docker/Dockerfile.executor puts it:
 * the executor package at /app, `argoexec` and `node` in /usr/local/bin.
 */
import { existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execLimitViolation } from './exec-limits.js';
import { buildBwrapArgv, ENV_ARGS_FD, type SandboxMount, type SandboxSpec } from '../sandbox/bwrap.js';
import { adoptedContainer, cannotRun, containerShimDir, terminatedFrom, terminationFile, writeEnvArgs, type ContainerHandle, type ContainerRun } from './containers.js';
import { expandVars } from './expand.js';
import type { PodRuntime } from './runtime.js';

/** docker/Dockerfile.executor: `USER 8737`, numeric without a group, so the primary group is 0 as a runtime gives it. */
export const EXECUTOR_IMAGE_USER = { uid: 8737, gid: 0 } as const;
/** Where the Dockerfile installs the executor (`COPY --from=build /out /app`). */
export const EXECUTOR_APP_PATH = '/app';
const IMAGE_BIN_PATH = '/usr/local/bin';

/** What the host supplies in place of the executor image's contents. */
export interface ExecutorImageFiles {
  /** The executor package on the host (real path); appears at /app. */
  appDir: string;
  /** Directory holding the package and everything its node_modules links to; bound read-only at its own path. */
  installRoot: string;
  /** Generated stand-in for the image's /usr/local/bin: `argoexec` → /app/bin/argoexec.js, `node`. */
  binDir: string;
  /** The host's node binary, bound at /usr/local/bin/node. */
  nodeBinary: string;
}

let cachedFiles: ExecutorImageFiles | undefined;

/**
 * Locates the executor package and prepares `<stateDir>/executor-image/bin`
 * once per process. pnpm and npm both link a package's dependencies by
 * relative paths inside the topmost directory holding a node_modules, so that
 * directory is bound whole (read-only) and /app is a symlink into it.
 */
export function executorImageFiles(stateDir: string): ExecutorImageFiles {
  if (cachedFiles && existsSync(cachedFiles.binDir)) return cachedFiles;
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.js); the package is the directory above.
  const appDir = realpathSync(dirname(dirname(require.resolve('@argo-ts/executor'))));
  const binDir = join(stateDir, 'executor-image', 'bin');
  rmSync(binDir, { recursive: true, force: true });
  mkdirSync(binDir, { recursive: true });
  symlinkSync(`${EXECUTOR_APP_PATH}/bin/argoexec.js`, join(binDir, 'argoexec'));
  // The mount point for the node binary (a bind needs an existing file to land on).
  writeFileSync(join(binDir, 'node'), '');
  cachedFiles = { appDir, installRoot: installRootOf(appDir), binDir, nodeBinary: realpathSync(process.execPath) };
  return cachedFiles;
}

function installRootOf(appDir: string): string {
  let root = appDir;
  for (let dir = dirname(appDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) root = dir;
  }
  return root;
}

/** The sandbox of one executor container. */
export function executorSpec(run: ContainerRun, rt: Pick<PodRuntime, 'stateDir'>, termination: { hostPath: string; containerPath: string }): SandboxSpec {
  const files = executorImageFiles(rt.stateDir);
  const lookup = (n: string): string | undefined => run.env[n];
  const command = [...(run.container.command ?? []), ...(run.container.args ?? [])].map((s) => expandVars(s, lookup));
  const mounts: SandboxMount[] = [
    { hostPath: files.installRoot, containerPath: files.installRoot, readOnly: true },
    { hostPath: files.binDir, containerPath: IMAGE_BIN_PATH, readOnly: true },
    { hostPath: files.nodeBinary, containerPath: `${IMAGE_BIN_PATH}/node`, readOnly: true },
    ...run.mounts,
  ];
  return {
    command, env: run.env, mounts,
    symlinks: [{ target: files.appDir, path: EXECUTOR_APP_PATH }],
    // node:20-bookworm-slim has no WORKDIR: containers start in /.
    workingDir: run.container.workingDir || '/', hostname: run.pod.metadata?.name,
    terminationLog: termination, user: EXECUTOR_IMAGE_USER,
  };
}

/** bwrap argv for one executor container (exported for tests; the kubelet passes the env on fd 3). */
export function executorArgv(run: ContainerRun, rt: Pick<PodRuntime, 'stateDir'>, termination: { hostPath: string; containerPath: string }, opts: { envArgsFd?: number } = {}): string[] {
  return buildBwrapArgv(executorSpec(run, rt, termination), opts);
}

/** Runs an executor container as a process; same contract as startContainer. */
export function startExecutorProcess(run: ContainerRun, rt: PodRuntime): ContainerHandle {
  const adopted = adoptedContainer(run, rt);
  if (adopted) return adopted;
  const startedAt = new Date();
  const refused = execLimitViolation([...(run.container.command ?? []), ...(run.container.args ?? [])], run.env);
  if (refused) return { done: Promise.resolve(cannotRun(refused, startedAt)), kill: () => {} };
  const termination = terminationFile(run);
  let argv: string[];
  let argsFile: string;
  try {
    const spec = executorSpec(run, rt, termination);
    argv = buildBwrapArgv(spec, { envArgsFd: ENV_ARGS_FD });
    argsFile = writeEnvArgs(run, spec);
  } catch (e) {
    return { done: Promise.resolve(cannotRun(`failed to start container: ${(e as Error).message}`, startedAt)), kill: () => {} };
  }
  const proc = rt.spawner.run(argv, run.logPath, containerShimDir(run), { argsFile });
  void proc.started.then((pid) => pid !== undefined && run.onStarted(startedAt));
  const done = proc.exited.then((exit) => terminatedFrom(run, exit, termination.hostPath, startedAt, false));
  return { done, kill: (signal) => proc.kill(signal) };
}
