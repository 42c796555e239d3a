/**
 * Parent side of the spawn helper (see helper.ts): one helper process per
 * kubelet, many concurrent sandboxed processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { helperMain, type HelperEvent, type HelperRequest } from './helper.js';

export interface ProcessExit {
  /** Exit code; 128+N when killed by signal N (as a container runtime reports it). */
  exitCode: number;
  signal: string | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

export interface RunningProcess {
  readonly id: string;
  /** Resolves with the host pid once started (rejects never; undefined when spawning failed). */
  readonly started: Promise<number | undefined>;
  readonly exited: Promise<ProcessExit>;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

interface Pending {
  started: (pid: number | undefined) => void;
  exited: (exit: ProcessExit) => void;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };

export class Spawner {
  private helper: ChildProcess | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private closed = false;

  /** Starts a process; its stdout/stderr go to `logPath` as CRI log lines. */
  run(argv: string[], logPath: string, opts: { argsFile?: string } = {}): RunningProcess {
    if (this.closed) throw new Error('spawner is closed');
    const id = String(++this.nextId);
    let resolveStarted!: (pid: number | undefined) => void;
    let resolveExited!: (exit: ProcessExit) => void;
    const started = new Promise<number | undefined>((r) => (resolveStarted = r));
    const exited = new Promise<ProcessExit>((r) => (resolveExited = r));
    this.pending.set(id, { started: resolveStarted, exited: resolveExited });
    this.ensureHelper().channel?.ref();
    this.send({ t: 'spawn', id, argv, logPath, ...(opts.argsFile ? { argsFile: opts.argsFile } : {}) });
    return { id, started, exited, kill: (signal) => this.send({ t: 'kill', id, signal }) };
  }

  /** Stops the helper; it kills whatever still runs. */
  async close(): Promise<void> {
    this.closed = true;
    const helper = this.helper;
    if (!helper || helper.exitCode !== null) return;
    const gone = new Promise((r) => helper.once('exit', r));
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
    const exitCode = msg.code ?? 128 + (SIGNAL_NUMBERS[msg.signal ?? ''] ?? 0);
    p.exited({ exitCode, signal: msg.signal, error: msg.error });
    if (this.pending.size === 0) this.helper?.channel?.unref();
  }

  private onHelperExit(helper: ChildProcess): void {
    if (this.helper === helper) this.helper = undefined;
    // Processes the helper owned died with it (it kills them on disconnect).
    for (const [id, p] of this.pending) {
      p.started(undefined);
      p.exited({ exitCode: 137, signal: 'SIGKILL', error: 'spawn helper exited' });
      this.pending.delete(id);
    }
  }
}
