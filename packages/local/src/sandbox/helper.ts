/**
 * The spawn helper: a tiny Node process that starts sandboxed processes on
 * behalf of the (large) daemon. fork/exec cost grows with the parent's RSS,
 * so the daemon sends spawn requests over IPC and this process, which stays
 * small, starts each container under its shim (see shim.ts: the shim writes
 * the CRI log lines and records the exit) and reports exits.
 *
 * `helperMain` is serialised with Function#toString and run with `node -e`,
 * so it must be self-contained: no imports, no closures, only `require`.
 */

/** Parent → helper. */
export type HelperRequest =
  /** argsFile: moved into the shim dir as env.args, given to the container as fd 3 (bwrap's `--args 3`), then removed: what must not be on argv (env values). */
  | { t: 'spawn'; id: string; argv: string[]; logPath: string; shimDir: string; shimArgv: string[]; argsFile?: string }
  | { t: 'kill'; id: string; signal: 'SIGTERM' | 'SIGKILL' }
  | { t: 'killAll' };

/** Helper → parent. */
export type HelperEvent =
  | { t: 'started'; id: string; pid: number }
  | { t: 'exit'; id: string; code: number | null; signal: string | null; error?: string };

/* eslint-disable @typescript-eslint/no-require-imports */
export function helperMain(): void {
  const cp = require('node:child_process') as typeof import('node:child_process');
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const shims = new Map<string, import('node:child_process').ChildProcess>();
  const send = (msg: HelperEvent): void => {
    if (process.connected) process.send!(msg);
  };
  const trySignal = (pid: number, signal: NodeJS.Signals): void => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };

  const spawnOne = (req: Extract<HelperRequest, { t: 'spawn' }>): void => {
    try {
      fs.mkdirSync(req.shimDir, { recursive: true, mode: 0o700 });
      // The spec is a file, not argv: argv is visible to every user in ps.
      fs.writeFileSync(path.join(req.shimDir, 'spec.json'), JSON.stringify({ argv: req.argv, logPath: req.logPath }), { mode: 0o600 });
      // The C shim's form: the log path, then argv, each ended by NUL.
      fs.writeFileSync(path.join(req.shimDir, 'spec'), [req.logPath, ...req.argv].map((a) => `${a}\0`).join(''), { mode: 0o600 });
      // The shim hands env.args to the container as fd 3 and removes it once the container started.
      if (req.argsFile) fs.renameSync(req.argsFile, path.join(req.shimDir, 'env.args'));
      // A restarted container reuses its shim dir: an earlier run's records must not speak for this one.
      for (const f of ['shim.json', 'exit.json']) fs.rmSync(path.join(req.shimDir, f), { force: true });
    } catch (e) {
      if (req.argsFile) fs.rmSync(req.argsFile, { force: true });
      send({ t: 'exit', id: req.id, code: 128, signal: null, error: (e as Error).message });
      return;
    }
    // Its own session and no pipes to us: the shim outlives this helper and the daemon.
    // Its stdout only says when the container started; it ignores a reader that went away.
    const shim = cp.spawn(req.shimArgv[0]!, req.shimArgv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let spawnError: string | undefined;
    shim.on('error', (e) => {
      spawnError = e.message;
    });
    if (shim.pid) {
      // Written at once, so that a kubelet restarted right now finds the shim rather than starting the container again;
      // only if the shim has not yet written its own record (with the container's pid), which must win.
      try {
        fs.writeFileSync(path.join(req.shimDir, 'shim.json'), JSON.stringify({ pid: shim.pid, containerPid: 0, startedAt: new Date().toISOString() }), { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      shims.set(req.id, shim);
      let said = '';
      shim.stdout!.setEncoding('utf8').on('data', (d: string) => {
        said += d;
        const m = /^started (\d+)\n/.exec(said);
        if (m) send({ t: 'started', id: req.id, pid: Number(m[1]) });
      });
    }
    shim.on('close', () => {
      shims.delete(req.id);
      // A shim that failed before starting the container leaves the env behind; it holds secret values.
      fs.rmSync(path.join(req.shimDir, 'env.args'), { force: true });
      let exit: { code: number | null; signal: string | null; error?: string } | undefined;
      try {
        exit = JSON.parse(fs.readFileSync(path.join(req.shimDir, 'exit.json'), 'utf8'));
      } catch {
        exit = undefined;
      }
      if (spawnError || !exit) send({ t: 'exit', id: req.id, code: 137, signal: 'SIGKILL', error: spawnError ?? 'the container shim died without recording an exit' });
      else send({ t: 'exit', id: req.id, code: exit.code, signal: exit.signal, error: exit.error });
    });
  };

  const killOne = (req: Extract<HelperRequest, { t: 'kill' }>): void => {
    const shim = shims.get(req.id);
    if (!shim?.pid) return;
    // The shim signals the container (SIGUSR2: kill it), so that it can still record the exit.
    trySignal(shim.pid, req.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGUSR2');
  };

  process.on('message', (msg: HelperRequest) => {
    if (msg.t === 'spawn') spawnOne(msg);
    else if (msg.t === 'kill') killOne(msg);
    else if (msg.t === 'killAll') for (const shim of shims.values()) if (shim.pid) trySignal(shim.pid, 'SIGUSR2');
  });
  // A parent that went away (a daemon killed or crashed) leaves its containers
  // running under their shims, for the next kubelet to adopt.
  process.on('disconnect', () => process.exit(0));
}
/* eslint-enable @typescript-eslint/no-require-imports */
