/**
 * The spawn helper: a tiny Node process that starts sandboxed processes on
 * behalf of the (large) daemon. fork/exec cost grows with the parent's RSS,
 * so the daemon sends spawn requests over IPC and this process, which stays
 * small, does the spawning, writes CRI-style log lines itself and reports exits.
 *
 * `helperMain` is serialised with Function#toString and run with `node -e`,
 * so it must be self-contained: no imports, no closures, only `require`.
 */

/** Parent → helper. */
export type HelperRequest =
  /** argsFile: read by the child as fd 3 (bwrap's `--args 3`), then removed: what must not be on argv (env values). */
  | { t: 'spawn'; id: string; argv: string[]; logPath: string; argsFile?: string }
  | { t: 'kill'; id: string; signal: 'SIGTERM' | 'SIGKILL' };

/** Helper → parent. */
export type HelperEvent =
  | { t: 'started'; id: string; pid: number }
  | { t: 'exit'; id: string; code: number | null; signal: string | null; error?: string };

/* eslint-disable @typescript-eslint/no-require-imports */
export function helperMain(): void {
  const cp = require('node:child_process') as typeof import('node:child_process');
  const fs = require('node:fs') as typeof import('node:fs');
  const { performance } = require('node:perf_hooks') as typeof import('node:perf_hooks');
  const children = new Map<string, import('node:child_process').ChildProcess>();
  const send = (msg: HelperEvent): void => {
    if (process.connected) process.send!(msg);
  };

  // RFC3339 with nanosecond digits, as CRI log files carry.
  const timestamp = (): string => {
    const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    const secs = ns / 1_000_000_000n;
    const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
    return new Date(Number(secs) * 1000).toISOString().slice(0, 19) + '.' + frac + 'Z';
  };

  const lineWriter = (fd: number, stream: string) => {
    let partial = '';
    const write = (text: string, final: boolean): void => {
      const data = partial + text;
      const lines = data.split('\n');
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

  const descendants = (root: number): number[] => {
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
        // The container's own top process is what a runtime signals, not its children.
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

  const spawnOne = (req: Extract<HelperRequest, { t: 'spawn' }>): void => {
    let fd: number;
    try {
      fd = fs.openSync(req.logPath, 'a');
    } catch (e) {
      send({ t: 'exit', id: req.id, code: 128, signal: null, error: (e as Error).message });
      return;
    }
    let argsFd: number | undefined;
    try {
      if (req.argsFile) argsFd = fs.openSync(req.argsFile, 'r');
    } catch (e) {
      fs.closeSync(fd);
      send({ t: 'exit', id: req.id, code: 128, signal: null, error: (e as Error).message });
      return;
    }
    const child = cp.spawn(req.argv[0]!, req.argv.slice(1), {
      stdio: argsFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', argsFd],
      detached: true,
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    // The child holds its own copy of the descriptor: the file can go now.
    if (argsFd !== undefined) {
      fs.closeSync(argsFd);
      fs.rmSync(req.argsFile!, { force: true });
    }
    children.set(req.id, child);
    const out = lineWriter(fd, 'stdout');
    const err = lineWriter(fd, 'stderr');
    child.stdout!.setEncoding('utf8').on('data', (d: string) => out.write(d, false));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => err.write(d, false));
    let spawnError: string | undefined;
    child.on('spawn', () => send({ t: 'started', id: req.id, pid: child.pid! }));
    child.on('error', (e) => {
      spawnError = e.message;
    });
    // 'close' fires after the process exited and both pipes drained, so the
    // log is complete when the parent hears about the exit.
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      fs.closeSync(fd);
      children.delete(req.id);
      send({ t: 'exit', id: req.id, code: spawnError ? 127 : code, signal, error: spawnError });
    });
  };

  const killOne = (req: Extract<HelperRequest, { t: 'kill' }>): void => {
    const child = children.get(req.id);
    if (!child?.pid) return;
    if (req.signal === 'SIGTERM') {
      // bwrap does not forward signals: deliver SIGTERM to the processes inside.
      const pids = descendants(child.pid);
      if (pids.length === 0) trySignal(child.pid, 'SIGTERM');
      for (const pid of pids) trySignal(pid, 'SIGTERM');
    } else {
      // Killing bwrap ends the sandbox's pid namespace, and with it every process inside.
      for (const pid of descendants(child.pid)) trySignal(pid, 'SIGKILL');
      trySignal(-child.pid, 'SIGKILL');
    }
  };

  process.on('message', (msg: HelperRequest) => {
    if (msg.t === 'spawn') spawnOne(msg);
    else if (msg.t === 'kill') killOne(msg);
  });
  process.on('disconnect', () => {
    for (const child of children.values()) if (child.pid) trySignal(-child.pid, 'SIGKILL');
    process.exit(0);
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */
