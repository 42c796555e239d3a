/**
 * Parent side of the spawn helper (see helper.ts): one helper process per
 * kubelet, many concurrent sandboxed processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { helperMain, type HelperEvent, type HelperRequest } from './helper.js';
import { readShimFile, SHIM_FILES, shimAlive, shimArgv, type ShimExit, type ShimStarted } from './shim.js';
import { compiledShim } from './shim-binary.js';

export interface ProcessExit {
  /** Exit code; 128+N when killed by signal N (as a container runtime reports it). */
  exitCode: number;
  signal: string | null;
  /** Set when the process could not be started at all. */
  error?: string;
  /** When the shim saw it end (set for an adopted container, which may have ended long before we looked). */
  finishedAt?: Date;
}

export interface RunningProcess {
  readonly id: string;
  /** Resolves with the host pid once started (rejects never; undefined when spawning failed). */
  readonly started: Promise<number | undefined>;
  readonly exited: Promise<ProcessExit>;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** A container found running (or ended) under a shim a previous kubelet started. */
export interface AdoptedProcess extends RunningProcess {
  /** When the shim started the container. */
  readonly startedAt: Date;
}

/** How often an adopted shim is checked (it is not our child: no exit event). */
const ADOPT_POLL_MS = 200;

interface Pending {
  shimDir: string;
  started: (pid: number | undefined) => void;
  exited: (exit: ProcessExit) => void;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

export class Spawner {
  private helper: ChildProcess | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private closed = false;
  private shimBinary: string | undefined;

  /**
   * @param opts.shimBinDir where the C shim is compiled to (the state dir's);
   * without it, or without a compiler, containers run under the Node shim.
   */
  constructor(opts: { shimBinDir?: string; log?: (message: string) => void } = {}) {
    if (!opts.shimBinDir) return;
    const built = compiledShim(opts.shimBinDir);
    this.shimBinary = built.path;
    if (built.why) opts.log?.(`container shim: ${built.why}; using the Node shim (slower container start)`);
  }

  /**
   * Starts a process under a shim whose files live in `shimDir` (see shim.ts);
   * its stdout/stderr go to `logPath` as CRI log lines. `opts.argsFile` becomes
   * the container's fd 3 (see ENV_ARGS_FD) and is removed once it started.
   */
  run(argv: string[], logPath: string, shimDir: string, opts: { argsFile?: string } = {}): RunningProcess {
    if (this.closed) throw new Error('spawner is closed');
    const id = String(++this.nextId);
    let resolveStarted!: (pid: number | undefined) => void;
    let resolveExited!: (exit: ProcessExit) => void;
    const started = new Promise<number | undefined>((r) => (resolveStarted = r));
    const exited = new Promise<ProcessExit>((r) => (resolveExited = r));
    this.pending.set(id, { shimDir, started: resolveStarted, exited: resolveExited });
    this.ensureHelper().channel?.ref();
    this.send({ t: 'spawn', id, argv, logPath, shimDir, shimArgv: this.shimBinary ? [this.shimBinary, shimDir] : shimArgv(shimDir), ...(opts.argsFile ? { argsFile: opts.argsFile } : {}) });
    return { id, started, exited, kill: (signal) => this.send({ t: 'kill', id, signal }) };
  }

  /**
   * The container a shim in `shimDir` runs or ran, started by an earlier
   * kubelet; undefined when no shim was ever started there.
   */
  adopt(shimDir: string): AdoptedProcess | undefined {
    const started = readShimFile<ShimStarted>(shimDir, SHIM_FILES.started);
    const recorded = readShimFile<ShimExit>(shimDir, SHIM_FILES.exit);
    if (!started && !recorded) return undefined;
    const exited = new Promise<ProcessExit>((resolve) => {
      const check = (): void => {
        const exit = readShimFile<ShimExit>(shimDir, SHIM_FILES.exit);
        if (exit) return resolve({ ...toProcessExit(exit), finishedAt: new Date(exit.finishedAt) });
        if (!started || !shimAlive(started.pid, shimDir)) {
          // Dead without a record, unless it wrote one just now.
          const last = readShimFile<ShimExit>(shimDir, SHIM_FILES.exit);
          return resolve(last ? { ...toProcessExit(last), finishedAt: new Date(last.finishedAt) } : { exitCode: 137, signal: 'SIGKILL', error: 'the container shim died without recording an exit' });
        }
        setTimeout(check, ADOPT_POLL_MS).unref();
      };
      check();
    });
    const pid = started?.pid;
    return {
      id: `adopted:${shimDir}`,
      started: Promise.resolve(pid),
      exited,
      startedAt: new Date(started?.startedAt ?? recorded!.finishedAt),
      kill: (signal) => {
        if (pid === undefined || !shimAlive(pid, shimDir)) return;
        try {
          process.kill(pid, signal === 'SIGTERM' ? 'SIGTERM' : 'SIGUSR2');
        } catch {
          // ended meanwhile
        }
      },
    };
  }

  /** Stops the helper after killing every container it started (a daemon that dies instead leaves them running). */
  async close(): Promise<void> {
    this.closed = true;
    const helper = this.helper;
    if (!helper || helper.exitCode !== null) return;
    const gone = new Promise((r) => helper.once('exit', r));
    helper.send({ t: 'killAll' } satisfies HelperRequest);
    helper.disconnect();
    await gone;
  }

  private send(msg: HelperRequest): void {
    this.ensureHelper().send(msg);
  }

  private ensureHelper(): ChildProcess {
    if (this.helper && this.helper.connected) return this.helper;
    const helper = spawn(process.execPath, ['-e', `(${helperMain.toString()})()`], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    helper.on('message', (msg: HelperEvent) => this.onEvent(msg));
    helper.on('exit', () => this.onHelperExit(helper));
    this.helper = helper;
    return helper;
  }

  private onEvent(msg: HelperEvent): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.t === 'started') {
      p.started(msg.pid);
      return;
    }
    this.pending.delete(msg.id);
    p.started(undefined);
    p.exited(toProcessExit(msg));
    if (this.pending.size === 0) this.helper?.channel?.unref();
  }

  private onHelperExit(helper: ChildProcess): void {
    if (this.helper === helper) this.helper = undefined;
    // The helper died under us: its shims run on, so watch them as adopted ones.
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      const adopted = this.adopt(p.shimDir);
      p.started(undefined);
      if (adopted) void adopted.exited.then(p.exited);
      else p.exited({ exitCode: 137, signal: 'SIGKILL', error: 'spawn helper exited' });
    }
  }
}

function toProcessExit(e: { code: number | null; signal: string | null; error?: string }): ProcessExit {
  return { exitCode: e.code ?? 128 + (SIGNAL_NUMBERS[e.signal ?? ''] ?? 0), signal: e.signal, ...(e.error ? { error: e.error } : {}) };
}
