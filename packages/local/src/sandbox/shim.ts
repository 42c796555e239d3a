/**
 * The container shim: one small monitor process per sandboxed container, as
 * containerd runs one per container, so that containers outlive the daemon.
 * It starts in its own session (the daemon's SIGKILL, or a signal to its
 * process group, does not reach it), holds the container's stdout/stderr and
 * writes them to the CRI log file, and records the container's exit in its
 * directory. A restarted kubelet finds it there (see adoptShim).
 *
 * Files in the shim directory (`<podDir>/shims/<container>/`):
 *  - spec.json  what to run (argv, log path), written by the spawner, 0600
 *  - env.args   optional: the container's fd 3 (bwrap reads its env there, so
 *               that values are never on a command line); removed once it ran
 *  - shim.json  `{ pid, containerPid, startedAt }` once the container runs
 *  - exit.json  `{ code, signal, error?, finishedAt }` once it ended (atomic rename)
 * Signals to the shim: SIGTERM is delivered to the processes inside the
 * sandbox (bwrap does not forward signals); SIGUSR2 kills the container.
 *
 * `shimMain` is serialised with Function#toString and run with `node -e`, so
 * it must be self-contained: no imports, no closures, only `require`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ShimSpec {
  argv: string[];
  logPath: string;
}

export interface ShimStarted {
  pid: number;
  containerPid: number;
  startedAt: string;
}

export interface ShimExit {
  code: number | null;
  signal: string | null;
  error?: string;
  finishedAt: string;
}

export const SHIM_FILES = { spec: 'spec.json', started: 'shim.json', exit: 'exit.json' } as const;

/* eslint-disable @typescript-eslint/no-require-imports */
export function shimMain(): void {
  const cp = require('node:child_process') as typeof import('node:child_process');
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const { performance } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  const dir = process.argv[process.argv.length - 1]!;
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8')) as ShimSpec;

  const writeAtomic = (name: string, value: unknown): void => {
    const tmp = path.join(dir, `.${name}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    fs.renameSync(tmp, path.join(dir, name));
  };

  // RFC3339 with nanosecond digits, as CRI log files carry.
  const timestamp = (): string => {
    const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
    return new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19) + '.' + frac + 'Z';
  };

  let fd: number;
  try {
    fd = fs.openSync(spec.logPath, 'a');
  } catch (e) {
    writeAtomic('exit.json', { code: 128, signal: null, error: (e as Error).message, finishedAt: new Date().toISOString() });
    return;
  }
  const lineWriter = (stream: string) => {
    let partial = '';
    const write = (text: string, final: boolean): void => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      if (final && partial !== '') {
        lines.push(partial);
        partial = '';
      }
      const ts = timestamp();
      // Long lines become CRI partial (P) records, so no record (and no buffer) is unbounded.
      const MAX = 16 * 1024;
      let out = '';
      for (let l of lines) {
        for (; l.length > MAX; l = l.slice(MAX)) out += `${ts} ${stream} P ${l.slice(0, MAX)}\n`;
        out += `${ts} ${stream} F ${l}\n`;
      }
      for (; partial.length > MAX; partial = partial.slice(MAX)) out += `${ts} ${stream} P ${partial.slice(0, MAX)}\n`;
      if (out) fs.writeSync(fd, out);
    };
    return { write, end: () => write('', true) };
  };

  // The container's top processes inside the sandbox (below bwrap), which is what a runtime signals.
  const inside = (root: number): number[] => {
    const parentOf = new Map<number, number>();
    const comm = new Map<number, string>();
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        comm.set(Number(name), stat.slice(stat.indexOf('(') + 1, close));
        parentOf.set(Number(name), Number(stat.slice(close + 2).split(' ')[1]));
      } catch {
        // the process ended while we looked
      }
    }
    const out: number[] = [];
    const walk = (pid: number): void => {
      for (const [child, parent] of parentOf) {
        if (parent !== pid) continue;
        if (comm.get(child) !== 'bwrap') out.push(child);
        else walk(child);
      }
    };
    walk(root);
    return out;
  };
  const trySignal = (pid: number, signal: NodeJS.Signals): void => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };

  const argsPath = path.join(dir, 'env.args');
  let argsFd: number | undefined;
  try {
    argsFd = fs.openSync(argsPath, 'r');
  } catch {
    argsFd = undefined;
  }
  const child = cp.spawn(spec.argv[0]!, spec.argv.slice(1), {
    stdio: argsFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', argsFd],
    // Its own process group, so that SIGKILL reaches the whole sandbox and not the shim.
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  // The child holds its own copy of the descriptor: the file can go now.
  if (argsFd !== undefined) {
    fs.closeSync(argsFd);
    fs.rmSync(argsPath, { force: true });
  }
  const out = lineWriter('stdout');
  const err = lineWriter('stderr');
  child.stdout!.setEncoding('utf8').on('data', (d: string) => out.write(d, false));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => err.write(d, false));
  let spawnError: string | undefined;
  child.on('spawn', () => {
    writeAtomic('shim.json', { pid: process.pid, containerPid: child.pid, startedAt: new Date().toISOString() });
    process.stdout.on('error', () => undefined);
    process.stdout.end(`started ${child.pid}\n`);
  });
  child.on('error', (e) => {
    spawnError = e.message;
  });
  process.on('SIGTERM', () => {
    if (!child.pid) return;
    const pids = inside(child.pid);
    if (pids.length === 0) trySignal(child.pid, 'SIGTERM');
    for (const pid of pids) trySignal(pid, 'SIGTERM');
  });
  process.on('SIGUSR2', () => {
    if (!child.pid) return;
    // Killing bwrap ends the sandbox's pid namespace, and with it every process inside.
    for (const pid of inside(child.pid)) trySignal(pid, 'SIGKILL');
    trySignal(-child.pid, 'SIGKILL');
  });
  // The daemon may be gone: nothing here may depend on it (stdio is /dev/null, no IPC).
  process.on('SIGHUP', () => undefined);
  process.on('SIGPIPE', () => undefined);
  // 'close' fires after the process exited and both pipes drained, so the log
  // is complete before the exit is recorded.
  child.on('close', (code, signal) => {
    out.end();
    err.end();
    fs.closeSync(fd);
    writeAtomic('exit.json', { code: spawnError ? 127 : code, signal, error: spawnError, finishedAt: new Date().toISOString() });
    process.exit(0);
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The `node -e` argv that runs a shim for `dir` (the dir last, so /proc/<pid>/cmdline names it). */
export function shimArgv(dir: string): string[] {
  return [process.execPath, '-e', `(${shimMain.toString()})()`, dir];
}

export function readShimFile<T>(dir: string, name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Is `pid` still the shim of `dir` (and not a reused pid)? */
export function shimAlive(pid: number, dir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dir);
  } catch {
    return false;
  }
}

export function shimStarted(dir: string): boolean {
  return existsSync(join(dir, SHIM_FILES.started)) || existsSync(join(dir, SHIM_FILES.exit));
}
