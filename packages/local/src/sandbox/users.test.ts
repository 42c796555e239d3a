/** SandboxSpec.user: a container's process runs as its node user. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBwrapArgv, sandboxEnv } from './bwrap.js';
import { Spawner } from './spawner.js';

const asRoot = process.getuid?.() === 0;

describe('buildBwrapArgv with a user', () => {
  const argv = buildBwrapArgv({
    command: ['id'], env: {}, user: { uid: 8737, gid: 0 },
    mounts: [{ hostPath: '/h/v', containerPath: '/var/run/argo/x' }],
  });
  (asRoot ? it : it.skip)('as root: setpriv becomes the uid after the mounts are set up', () => {
    expect(argv.slice(-7)).toEqual(['--', '/usr/bin/setpriv', '--reuid=8737', '--regid=0', '--clear-groups', '--', 'id']);
    expect(argv).not.toContain('--unshare-user');
  });
  (asRoot ? it.skip : it)('not root: the user namespace maps the ids', () => {
    expect(argv.join(' ')).toContain('--unshare-user --uid 8737 --gid 0');
  });
  it('creates the parents of mount points 0755 (bwrap would make them 0700)', () => {
    const s = argv.join(' ');
    expect(s).toContain('--perms 0755 --dir /var/run --perms 0755 --dir /var/run/argo --bind /h/v /var/run/argo/x');
  });
  it('root stays as it was: no setpriv, no extra dirs', () => {
    const plain = buildBwrapArgv({ command: ['id'], env: {}, mounts: [{ hostPath: '/h/v', containerPath: '/var/run/argo/x' }] });
    expect(plain.join(' ')).not.toMatch(/setpriv|--perms 0755/);
    expect(buildBwrapArgv({ command: ['id'], env: {}, mounts: [], user: { uid: 0, gid: 0 } })).not.toContain('/usr/bin/setpriv');
  });
  it('HOME is / for a uid without a passwd entry', () => {
    expect(sandboxEnv({ env: {}, user: { uid: 4242, gid: 0 } }).HOME).toBe('/');
    expect(sandboxEnv({ env: {}, user: { uid: 0, gid: 0 } }).HOME).toBe('/root');
  });
});

(asRoot ? describe : describe.skip)('a sandboxed process as another user (real uid on the host)', () => {
  let dir: string;
  let spawner: Spawner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-user-'));
    spawner = new Spawner();
  });
  afterEach(async () => {
    await spawner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as uid 4242 gid 4243, writes files owned by it, and cannot write where that user may not', async () => {
    const vol = join(dir, 'vol');
    const ro = join(dir, 'root-only');
    mkdirSync(vol);
    chmodSync(vol, 0o777);
    mkdirSync(ro);
    const log = join(dir, 'log');
    const argv = buildBwrapArgv({
      command: ['/bin/sh', '-c', 'id -u; id -g; touch /data/v/made; touch /r/denied 2>/dev/null || echo denied'],
      env: {}, user: { uid: 4242, gid: 4243 },
      mounts: [{ hostPath: vol, containerPath: '/data/v' }, { hostPath: ro, containerPath: '/r' }],
    });
    const exit = await spawner.run(argv, log, join(dir, 'shim')).exited;
    expect(exit.exitCode).toBe(0);
    const out = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.split(' ').slice(3).join(' '));
    expect(out).toEqual(['4242', '4243', 'denied']);
    const st = statSync(join(vol, 'made'));
    expect([st.uid, st.gid]).toEqual([4242, 4243]);
  });
});
