import { writeOutputPaths } from '../outputs-list.js';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, readdir, stat, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Env } from '@argo-ts/spec';
import { emissaryScript } from './script.js';

interface Run { code: number | null; stdout: string; stderr: string }

async function setup(): Promise<{ dir: string; script: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'emissary-'));
  const script = join(dir, 'emissary.sh');
  await writeFile(script, emissaryScript(join(dir, 'var-run-argo')));
  return { dir, script };
}

function run(script: string, argv: string[], onSpawn?: (pid: number) => void, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('dash', [script, '--', ...argv], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (onSpawn && child.pid) onSpawn(child.pid);
  });
}

describe('emissary (dash)', () => {
  let dir: string;
  let script: string;
  beforeEach(async () => ({ dir, script } = await setup()));
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const ctr = (f: string) => join(dir, 'var-run-argo', 'ctr', 'main', f);

  it('preserves the exit code and tees stdout and stderr separately', async () => {
    const r = await run(script, ['sh', '-c', 'echo out1; echo err1 >&2; echo out2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out1\nout2\n');
    expect(r.stderr).toBe('err1\n');
    expect(await readFile(ctr('stdout'), 'utf8')).toBe('out1\nout2\n');
    expect(await readFile(ctr('stderr'), 'utf8')).toBe('err1\n');
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('3\n');
    expect((await readFile(ctr('combined'), 'utf8')).split('\n').sort()).toEqual(['', 'err1', 'out1', 'out2']);
    expect((await readdir(ctr(''))).sort()).toEqual(['combined', 'exitcode', 'stderr', 'stdout']);
  });

  it('passes arguments through unchanged (no re-splitting, no globbing)', async () => {
    const r = await run(script, ['printf', '%s|', 'a b', '*', "it's", '$HOME']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("a b|*|it's|$HOME|");
  });

  it('reports 127 for a command that does not exist', async () => {
    const r = await run(script, ['/no/such/command']);
    expect(r.code).toBe(127);
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('127\n');
  });

  it('fails clearly without a command, and still reports the exit code', async () => {
    const r = await run(script, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no command given');
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('2\n');
  });

  it('reports the exit code when the fifos cannot be made', async () => {
    // A directory where the fifo goes: rm -f leaves it, so mkfifo fails.
    await mkdir(ctr('.out'), { recursive: true });
    const r = await run(script, ['echo', 'never']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('1\n');
  });

  it('reports the exit code when a shell error ends the emissary (stdin closed)', async () => {
    const r = await new Promise<Run>((resolve, reject) => {
      const child = spawn('dash', ['-c', 'exec <&-; exec dash "$0" -- echo never', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('2\n');
  });

  it('forwards SIGTERM to the command and keeps its exit code', async () => {
    const marker = join(dir, 'started');
    const cmd = `trap 'echo got-term; exit 7' TERM; touch ${marker}; while :; do sleep 0.05; done`;
    const r = await run(script, ['sh', '-c', cmd], (pid) => {
      const poll = setInterval(() => {
        stat(marker).then(() => { clearInterval(poll); process.kill(pid, 'SIGTERM'); }, () => undefined);
      }, 20);
    });
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('got-term\n');
    expect(await readFile(ctr('exitcode'), 'utf8')).toBe('7\n');
  });

  it('forwards SIGINT as SIGTERM (background commands ignore INT)', async () => {
    const marker = join(dir, 'started');
    const cmd = `trap 'exit 9' TERM; touch ${marker}; while :; do sleep 0.05; done`;
    const r = await run(script, ['sh', '-c', cmd], (pid) => {
      const poll = setInterval(() => {
        stat(marker).then(() => { clearInterval(poll); process.kill(pid, 'SIGINT'); }, () => undefined);
      }, 20);
    });
    expect(r.code).toBe(9);
  });

  it('copies declared output files and directories by index, skipping missing ones', async () => {
    const work = join(dir, 'work');
    await mkdir(join(work, 'tree', 'sub'), { recursive: true });
    await mkdir(join(dir, 'var-run-argo'), { recursive: true });
    const paths = [join(work, 'param.txt'), join(work, 'missing.txt'), join(work, 'tree'), join(work, 'exec.sh')];
    await writeOutputPaths(join(dir, 'var-run-argo', 'output-paths'), paths);
    const cmd = `echo v > ${paths[0]}; echo a > ${paths[2]}/a; echo b > ${paths[2]}/sub/b; printf x > ${paths[3]}; chmod 755 ${paths[3]}`;
    const r = await run(script, ['sh', '-c', cmd]);
    expect(r.code).toBe(0);
    const out = (i: number, ...rest: string[]) => join(dir, 'var-run-argo', 'outputs', String(i), ...rest);
    expect(await readFile(out(0), 'utf8')).toBe('v\n');
    await expect(stat(out(1))).rejects.toThrow();
    expect(await readFile(out(2, 'a'), 'utf8')).toBe('a\n');
    expect(await readFile(out(2, 'sub', 'b'), 'utf8')).toBe('b\n');
    expect((await stat(out(3))).mode & 0o777).toBe(0o755);
  });

  // Issue 14 finding 5: a newline in a declared path (a parameter) must not make a second entry.
  it('takes a declared path with a newline as one path, copying nothing else', async () => {
    await mkdir(join(dir, 'var-run-argo'), { recursive: true });
    await writeFile(join(dir, 'shadow'), 'SECRET');
    await writeOutputPaths(join(dir, 'var-run-argo', 'output-paths'), [`x\n${join(dir, 'shadow')}`, join(dir, 'o.txt')]);
    const r = await run(script, ['sh', '-c', `echo fine > ${join(dir, 'o.txt')}`]);
    expect(r.code).toBe(0);
    expect((await readdir(join(dir, 'var-run-argo', 'outputs'))).sort()).toEqual(['1']);
    expect(await readFile(join(dir, 'var-run-argo', 'outputs', '1'), 'utf8')).toBe('fine\n');
  });

  it('writes the exit code only after outputs are copied', async () => {
    await mkdir(join(dir, 'var-run-argo'), { recursive: true });
    await writeOutputPaths(join(dir, 'var-run-argo', 'output-paths'), [join(dir, 'o.txt')]);
    const r = await run(script, ['sh', '-c', `echo x > ${join(dir, 'o.txt')}; exit 1`]);
    expect(r.code).toBe(1);
    const [ec, copied] = await Promise.all([stat(ctr('exitcode')), stat(join(dir, 'var-run-argo', 'outputs', '0'))]);
    expect(copied.mtimeMs).toBeLessThanOrEqual(ec.mtimeMs);
  });

  describe('containerSet dependencies', () => {
    const ctrOf = (name: string, f: string) => join(dir, 'var-run-argo', 'ctr', name, f);
    const as = (name: string, deps?: string) => ({ [Env.containerName]: name, ...(deps !== undefined ? { [Env.dependencies]: deps } : {}) });

    it('writes to its own ctr directory and waits for every dependency to exit before running', async () => {
      const order = join(dir, 'order');
      const c = run(script, ['sh', '-c', `echo c >> ${order}`], undefined, as('c', 'a,b'));
      await new Promise((r) => setTimeout(r, 300));
      await expect(stat(order)).rejects.toThrow();
      const a = await run(script, ['sh', '-c', `echo a >> ${order}`], undefined, as('a'));
      expect(a.code).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(await readFile(order, 'utf8')).toBe('a\n');
      const b = await run(script, ['sh', '-c', `echo b >> ${order}`], undefined, as('b', 'a'));
      expect(b.code).toBe(0);
      expect((await c).code).toBe(0);
      expect(await readFile(order, 'utf8')).toBe('a\nb\nc\n');
      for (const n of ['a', 'b', 'c']) expect(await readFile(ctrOf(n, 'exitcode'), 'utf8')).toBe('0\n');
    });

    it('does not run its command when a dependency failed, and reports a non-zero exit code', async () => {
      const marker = join(dir, 'ran');
      expect((await run(script, ['sh', '-c', 'exit 4'], undefined, as('a'))).code).toBe(4);
      const b = await run(script, ['sh', '-c', `touch ${marker}`], undefined, as('b', 'a'));
      expect(b.code).toBe(1);
      expect(b.stderr).toContain('dependency a exited with code 4');
      expect(await readFile(ctrOf('b', 'exitcode'), 'utf8')).toBe('1\n');
      await expect(stat(marker)).rejects.toThrow();
    });

    it('stops waiting on SIGTERM and still reports its exit code', async () => {
      let pid = 0;
      const p = run(script, ['true'], (x) => (pid = x), as('b', 'never'));
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGTERM');
      const r = await p;
      expect(r.code).toBe(143);
      expect(await readFile(ctrOf('b', 'exitcode'), 'utf8')).toBe('143\n');
    });
  });
  describe('containerSet.retryStrategy', () => {
    const retry = (retries: string, delay?: string) => ({ [Env.containerRetries]: retries, ...(delay !== undefined ? { [Env.containerRetryDelay]: delay } : {}) });
    /** A command that fails until it has run `okOn` times, counting its runs in a file. */
    const flaky = (okOn: number) => {
      const count = join(dir, 'count');
      return ['sh', '-c', `n=$(( $(cat ${count} 2>/dev/null || echo 0) + 1 )); echo $n > ${count}; echo run $n; [ $n -ge ${okOn} ] || exit 7`];
    };
    const runs = async () => Number((await readFile(join(dir, 'count'), 'utf8')).trim());

    it('re-runs a failed command until it succeeds, keeping the output of every run', async () => {
      const r = await run(script, flaky(3), undefined, retry('2'));
      expect(r.code).toBe(0);
      expect(await runs()).toBe(3);
      expect(await readFile(ctr('stdout'), 'utf8')).toBe('run 1\nrun 2\nrun 3\n');
      expect(r.stderr).toBe('emissary: exit code 7; retry 1 of 2\nemissary: exit code 7; retry 2 of 2\n');
      expect(await readFile(ctr('exitcode'), 'utf8')).toBe('0\n');
    });

    it('gives up after `retries` re-runs with the last exit code', async () => {
      const r = await run(script, flaky(10), undefined, retry('1'));
      expect(r.code).toBe(7);
      expect(await runs()).toBe(2);
      expect(await readFile(ctr('exitcode'), 'utf8')).toBe('7\n');
    });

    it('runs once without retries, and pauses `delay` seconds between runs', async () => {
      expect((await run(script, flaky(2))).code).toBe(7);
      expect(await runs()).toBe(1);
      await rm(join(dir, 'count'));
      const t0 = Date.now();
      expect((await run(script, flaky(2), undefined, retry('1', '0.4'))).code).toBe(0);
      expect(await runs()).toBe(2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    });

    it('does not retry a command stopped by SIGTERM', async () => {
      let pid = 0;
      const p = run(script, ['sh', '-c', `echo x >> ${join(dir, 'count')}; exec sleep 30`], (x) => (pid = x), retry('3'));
      await new Promise((r) => setTimeout(r, 300));
      process.kill(pid, 'SIGTERM');
      const r = await p;
      expect(r.code).toBe(143);
      expect(await readFile(join(dir, 'count'), 'utf8')).toBe('x\n');
    });
  });

  describe('sidecar (ARGO_SIDECAR=true)', () => {
    const sc = (f: string) => join(dir, 'var-run-argo', 'ctr', 'db', f);
    const env = { [Env.containerName]: 'db', [Env.sidecar]: 'true' };

    it('stops its command with the signal wait writes to ctr/<name>/signal, and copies no outputs', async () => {
      await mkdir(join(dir, 'var-run-argo'), { recursive: true });
      await writeFile(join(dir, 'o.txt'), 'x');
      await writeOutputPaths(join(dir, 'var-run-argo', 'output-paths'), [join(dir, 'o.txt')]);
      const started = Date.now();
      const running = run(script, ['sleep', '30'], undefined, env);
      await new Promise((r) => setTimeout(r, 300));
      await mkdir(sc(''), { recursive: true });
      await writeFile(sc('signal'), '15\n');
      const r = await running;
      expect(r.code).toBe(143);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await readFile(sc('exitcode'), 'utf8')).toBe('143\n');
      await expect(stat(join(dir, 'var-run-argo', 'outputs', '0'))).rejects.toThrow(/ENOENT/);
    });

    it('kills a command that ignores SIGTERM once ARGO_TERMINATION_GRACE_PERIOD_SECONDS have passed', async () => {
      const running = run(script, ['sh', '-c', 'trap "" TERM; exec sleep 30'], undefined, { ...env, [Env.terminationGracePeriodSeconds]: '1' });
      await new Promise((r) => setTimeout(r, 300));
      await mkdir(sc(''), { recursive: true });
      await writeFile(sc('signal'), '15\n');
      const r = await running;
      expect(r.code).toBe(137);
    });

    it('a main container (no ARGO_SIDECAR) ignores a signal file', async () => {
      await mkdir(ctr(''), { recursive: true });
      await writeFile(ctr('signal'), '15\n');
      const r = await run(script, ['sh', '-c', 'sleep 0.5; echo done']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('done\n');
    });
  });
});
