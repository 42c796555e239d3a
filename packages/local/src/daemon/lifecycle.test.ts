import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalCluster, localReset, localStart, localStatus, localStop } from './lifecycle.js';
import { defaultStateDir } from './paths.js';

// localStart spawns dist/daemon/main.js; the package's test task builds first.
const built = existsSync(fileURLToPath(new URL('../../dist/daemon/main.js', import.meta.url)));

describe('defaultStateDir', () => {
  it('prefers ARGO_TS_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(defaultStateDir({ ARGO_TS_STATE_DIR: '/x/y' })).toBe('/x/y');
    expect(defaultStateDir({ XDG_STATE_HOME: '/s' })).toBe('/s/argo-ts');
    expect(defaultStateDir({})).toMatch(/\/\.local\/state\/argo-ts$/);
  });
});

describe('local daemon lifecycle (dist build)', () => {
  // turbo builds before testing; a missing build is a failure, never a silent skip.
  it('runs against the built daemon', () => expect(built).toBe(true));

  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'argo-ts-daemon-'));
  });
  afterEach(async () => {
    await localStop({ stateDir }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts detached, reports status, is idempotent, stops and resets', async () => {
    expect((await localStatus({ stateDir })).running).toBe(false);
    const started = await localStart({ stateDir, detach: true });
    expect(started).toMatchObject({ running: true, stateDir, kubeconfigPath: join(stateDir, 'kubeconfig') });
    expect(started.pid).not.toBe(process.pid);
    expect(readFileSync(join(stateDir, 'kubeconfig'), 'utf8')).toContain(started.apiUrl!);
    const again = await localStart({ stateDir, detach: true });
    expect(again.pid).toBe(started.pid);
    expect(await ensureLocalCluster({ stateDir })).toBe(join(stateDir, 'kubeconfig'));
    const status = await localStatus({ stateDir });
    expect(status).toMatchObject({ running: true, pid: started.pid, apiUrl: started.apiUrl });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(await localStop({ stateDir })).toEqual({ wasRunning: true });
    expect((await localStatus({ stateDir })).running).toBe(false);
    expect(await localStop({ stateDir })).toEqual({ wasRunning: false });
    await localReset({ stateDir });
    expect(existsSync(stateDir)).toBe(false);
  }, 30_000);
});
