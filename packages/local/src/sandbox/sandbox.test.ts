import { jest } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBwrapArgv, bwrapEnvArgs, ENV_ARGS_FD, podHostname, sandboxEnv, SHIMS_MOUNT_PATH } from './bwrap.js';
import { hostRootArgs } from './layout.js';
import { Spawner } from './spawner.js';

describe('buildBwrapArgv', () => {
  const argv = buildBwrapArgv({
    command: ['echo', 'hi'], env: { A: '1' }, workingDir: '/work', hostname: 'pod-1', shimsDir: '/s',
    mounts: [
      { hostPath: '/h/deep', containerPath: '/a/b/c' },
      { hostPath: '/h/top', containerPath: '/a', readOnly: true },
    ],
  });
  it('never binds / and isolates pid, ipc, uts and /tmp', () => {
    expect(argv.slice(0, 7)).toEqual(['bwrap', '--die-with-parent', '--new-session', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try']);
    for (let i = 0; i < argv.length - 2; i++) expect(argv[i + 1] === '/' && /bind/.test(argv[i]!)).toBe(false);
    expect(argv.join(' ')).toContain('--perms 1777 --tmpfs /tmp');
    expect(argv.join(' ')).toContain('--ro-bind /usr /usr');
  });
  it('binds parents before children, honours readOnly, and ends with the command', () => {
    const s = argv.join(' ');
    expect(s.indexOf('--ro-bind /h/top /a')).toBeGreaterThan(-1);
    expect(s.indexOf('--ro-bind /h/top /a')).toBeLessThan(s.indexOf('--bind /h/deep /a/b/c'));
    expect(s).toContain(`--ro-bind /s ${SHIMS_MOUNT_PATH}`);
    expect(s).toContain('--dir /work --chdir /work');
    expect(s).toContain('--clearenv');
    expect(argv.slice(-3)).toEqual(['--', 'echo', 'hi']);
  });
  it('puts shims first on PATH and defaults HOME', () => {
    expect(sandboxEnv({ env: { A: '1' }, shimsDir: '/s' })).toMatchObject({ A: '1', HOME: '/root', PATH: `${SHIMS_MOUNT_PATH}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` });
    expect(sandboxEnv({ env: { PATH: '/opt/bin' }, shimsDir: '/s' }).PATH).toBe(`${SHIMS_MOUNT_PATH}:/opt/bin`);
  });
  it('rejects an empty command', () => {
    expect(() => buildBwrapArgv({ command: [], env: {}, mounts: [] })).toThrow('empty command');
  });
  it('creates the working dir after the mounts on an image root and on host tools, and not for /', () => {
    for (const rootfs of ['/r', undefined]) {
      const a = buildBwrapArgv({ command: ['true'], env: {}, mounts: [{ hostPath: '/h', containerPath: '/data' }], workingDir: '/data/w', ...(rootfs ? { rootfs } : {}) }).join(' ');
      expect(a).toContain('--dir /data/w --chdir /data/w');
      expect(a.indexOf('--bind /h /data')).toBeLessThan(a.indexOf('--dir /data/w'));
    }
    expect(buildBwrapArgv({ command: ['true'], env: {}, mounts: [], workingDir: '/' }).join(' ')).not.toContain('--dir / ');
  });
  it('mirrors the host system directories', () => {
    const args = hostRootArgs();
    expect(args.slice(0, 3)).toEqual(['--ro-bind', '/usr', '/usr']);
    expect(args.some((a) => a === '/bin')).toBe(true);
  });
});

// Each Spawner test starts a helper (a Node process), a shim and bwrap: on a loaded CI machine that alone
// passed the default 5 s. The guard stays below the 30 s sleep the kill test runs, so a kill that
// does not work still fails it.
jest.setTimeout(20_000);

// The C shim, as the kubelet uses it (shim.test.ts runs the Node one too).
const shimBinDir = mkdtempSync(join(tmpdir(), 'argo-ts-shim-bin-'));
afterAll(() => rmSync(shimBinDir, { recursive: true, force: true }));

// The C shim is what runs containers; the Node shim is the fallback without a compiler: both must hold.
describe.each([['C shim', true], ['Node shim', false]])('Spawner (%s)', (_name, compiled) => {
  let dir: string;
  let spawner: Spawner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-spawner-'));
    spawner = compiled ? new Spawner({ shimBinDir }) : new Spawner();
  });
  afterEach(async () => {
    await spawner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a sandboxed process, writes CRI log lines and reports the exit code', async () => {
    const log = join(dir, 'c.log');
    const argv = buildBwrapArgv({ command: ['/bin/sh', '-c', 'echo out; echo err >&2; printf tail; exit 7'], env: {}, mounts: [{ hostPath: dir, containerPath: '/data' }] });
    const p = spawner.run(argv, log, join(dir, 'shim-c'));
    expect(typeof (await p.started)).toBe('number');
    expect(await p.exited).toEqual({ exitCode: 7, signal: null, error: undefined });
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(['stdout F out', 'stderr F err', 'stdout F tail']);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  });

  it('creates a workingDir the host-tools root lacks and starts there, as container runtimes do', async () => {
    const log = join(dir, 'w.log');
    const p = spawner.run(buildBwrapArgv({ command: ['/bin/sh', '-c', 'pwd; touch here'], env: {}, mounts: [], workingDir: '/argo-ts-missing/work/dir' }), log, join(dir, 'shim-w'));
    expect(await p.exited).toEqual({ exitCode: 0, signal: null, error: undefined });
    expect(readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\S+ /, ''))).toEqual(['stdout F /argo-ts-missing/work/dir']);
  });

  // Issue 14 finding 7: a secretKeyRef value on bwrap's command line is visible to every local user in ps.
  it('passes the env on fd 3, never on the command line, and removes the file it came from', async () => {
    const log = join(dir, 'e.log');
    const spec = { command: ['/bin/sh', '-c', 'echo "$MYSECRET"; sleep 1'], env: { MYSECRET: 'hunter2 with spaces' }, mounts: [] };
    const argv = buildBwrapArgv(spec, { envArgsFd: ENV_ARGS_FD });
    expect(argv.join(' ')).not.toContain('hunter2');
    const argsFile = join(dir, 'env.args');
    writeFileSync(argsFile, bwrapEnvArgs(spec), { mode: 0o600 });
    const p = spawner.run(argv, log, join(dir, 'shim-e'), { argsFile });
    const pid = (await p.started)!;
    const cmdlines = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => {
      try { return readFileSync(`/proc/${d}/cmdline`, 'utf8'); } catch { return ''; }
    });
    expect(typeof pid).toBe('number');
    expect(cmdlines.filter((c) => c.includes('hunter2'))).toEqual([]);
    expect(await p.exited).toEqual({ exitCode: 0, signal: null, error: undefined });
    expect(readFileSync(log, 'utf8')).toContain('stdout F hunter2 with spaces');
    expect(existsSync(argsFile)).toBe(false);
    expect(existsSync(join(dir, 'shim-e', 'env.args'))).toBe(false);
  });

  // Issue 14 finding 6: the host's /etc (shadow, SSH host keys, credentials) is not the container's.
  it("builds /etc from what a container needs, never the host's secrets", async () => {
    const log = join(dir, 'etc.log');
    const script = 'for f in shadow gshadow ssh sudoers; do test -e /etc/$f && echo "has $f"; done; grep -c "^root:" /etc/passwd; echo x | awk "{print \\"awk ok\\"}"; ls /etc/ssl/certs >/dev/null && echo certs';
    const p = spawner.run(buildBwrapArgv({ command: ['/bin/sh', '-c', script], env: {}, mounts: [] }), log, join(dir, 'shim-etc'));
    expect(await p.exited).toMatchObject({ exitCode: 0 });
    const out = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\S+ stdout F /, ''));
    expect(out).toEqual(['1', 'awk ok', 'certs']);
  });

  it('reports a missing executable as a start failure', async () => {
    const p = spawner.run(['/nonexistent/binary'], join(dir, 'x.log'), join(dir, 'shim-x'));
    expect(await p.started).toBeUndefined();
    expect(await p.exited).toMatchObject({ exitCode: 127, error: expect.stringContaining('ENOENT') });
  });

  it('kills with SIGKILL as exit code 137', async () => {
    const p = spawner.run(buildBwrapArgv({ command: ['sleep', '30'], env: {}, mounts: [] }), join(dir, 'k.log'), join(dir, 'shim-k'));
    await p.started;
    p.kill('SIGKILL');
    expect((await p.exited).exitCode).toBe(137);
  });
});

describe('Spawner log records', () => {
  it('cuts a very long line into partial records that read back as one line', async () => {
    const { LogRegistry } = await import('../kubelet/logs.js');
    const dir = mkdtempSync(join(tmpdir(), 'argo-ts-longline-'));
    const spawner = new Spawner({ shimBinDir });
    try {
      const log = join(dir, 'pods', 'ns', 'p', 'main.log');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'pods', 'ns', 'p'), { recursive: true });
      const argv = buildBwrapArgv({ command: ['/bin/sh', '-c', 'head -c 50000 /dev/zero | tr "\\0" x; echo; echo next'], env: {}, mounts: [] });
      expect((await spawner.run(argv, log, join(dir, 'shim')).exited).exitCode).toBe(0);
      const records = readFileSync(log, 'utf8').trimEnd().split('\n');
      expect(records.map((r) => r.split(' ')[2])).toEqual(['P', 'P', 'P', 'F', 'F']);
      const stream = await new LogRegistry(dir).open('ns', 'p', 'main', { follow: false, timestamps: false });
      let text = '';
      for await (const chunk of stream!) text += chunk.toString();
      expect(text).toBe('x'.repeat(50000) + '\nnext\n');
    } finally {
      await spawner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sandbox root file system', () => {
  it('has the usual writable top-level directories, and a hostname cut to a DNS label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argo-ts-rootfs-'));
    const spawner = new Spawner();
    try {
      const log = join(dir, 'c.log');
      const name = `a-very-long-pod-name-${'x'.repeat(40)}-1692051624`;
      const argv = buildBwrapArgv({ command: ['/bin/sh', '-c', 'echo x > /mnt/file && mkdir -p /opt/app /var/tmp/t && cat /mnt/file && hostname'], env: {}, mounts: [], hostname: name });
      expect((await spawner.run(argv, log, join(dir, 'shim')).exited).exitCode).toBe(0);
      const out = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.split(' ').slice(3).join(' '));
      expect(out).toEqual(['x', name.slice(0, 63)]);
      expect(existsSync('/mnt/file')).toBe(false);
    } finally {
      await spawner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('trims a cut hostname to a valid label', () => {
    expect(podHostname('a'.repeat(62) + '-b')).toBe('a'.repeat(62));
  });
});
