import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { buildBwrapArgv } from './bwrap.js';
import { readShimFile, SHIM_FILES, type ShimExit } from './shim.js';
import { Spawner } from './spawner.js';

/** The helper is the shim's parent: SIGKILL it as a daemon's death would take it down. */
async function killHelper(spawner: Spawner): Promise<void> {
  const helper = (spawner as unknown as { helper: ChildProcess }).helper;
  const gone = new Promise((r) => helper.once('exit', r));
  helper.kill('SIGKILL');
  await gone;
}

async function until<T>(probe: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const binDir = mkdtempSync(join(tmpdir(), 'argo-ts-shim-bin-'));
afterAll(() => rmSync(binDir, { recursive: true, force: true }));

describe.each([['C', binDir], ['Node', undefined]])('container shim (%s)', (_kind, shimBinDir) => {
  let dir: string;
  const spawners: Spawner[] = [];
  const newSpawner = (): Spawner => new Spawner({ shimBinDir, log: (m) => { throw new Error(m); } });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argo-ts-shim-'));
  });
  afterEach(async () => {
    await Promise.all(spawners.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the container running after its parent died, records its exit and keeps its log', async () => {
    const spawner = newSpawner();
    spawners.push(spawner);
    const shimDir = join(dir, 'shim');
    const log = join(dir, 'c.log');
    const marker = join(dir, 'go');
    // Runs until the test creates the marker: proof that it outlived its parent.
    const argv = buildBwrapArgv({ command: ['/bin/sh', '-c', 'echo before; while [ ! -e /d/go ]; do sleep 0.05; done; echo after; exit 3'], env: {}, mounts: [{ hostPath: dir, containerPath: '/d' }] });
    const p = spawner.run(argv, log, shimDir);
    expect(typeof (await p.started)).toBe('number');
    await killHelper(spawner);
    expect(readShimFile<ShimExit>(shimDir, SHIM_FILES.exit)).toBeUndefined();

    const adopter = newSpawner();
    spawners.push(adopter);
    const adopted = adopter.adopt(shimDir)!;
    expect(adopted).toBeDefined();
    writeFileSync(marker, '');
    expect(await adopted.exited).toMatchObject({ exitCode: 3, signal: null });
    expect(await p.exited).toMatchObject({ exitCode: 3, signal: null }); // the helper died: the spawner watches the shim as an adopter would
    const exit = readShimFile<ShimExit>(shimDir, SHIM_FILES.exit)!;
    expect(exit.code).toBe(3);
    expect(Date.parse(exit.finishedAt)).toBeGreaterThanOrEqual(adopted.startedAt.getTime());
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\S+ /, ''));
    expect(lines).toEqual(['stdout F before', 'stdout F after']);
  }, 30_000);

  it('records an exit while nobody watches, for a kubelet that starts later', async () => {
    const spawner = newSpawner();
    spawners.push(spawner);
    const shimDir = join(dir, 'shim');
    const p = spawner.run(buildBwrapArgv({ command: ['/bin/sh', '-c', 'sleep 0.3; echo done'], env: {}, mounts: [] }), join(dir, 'c.log'), shimDir);
    await p.started;
    await killHelper(spawner);
    const exit = await until(() => readShimFile<ShimExit>(shimDir, SHIM_FILES.exit));
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(await newSpawner().adopt(shimDir)!.exited).toMatchObject({ exitCode: 0, signal: null });
    expect(readFileSync(join(dir, 'c.log'), 'utf8')).toContain('stdout F done');
  }, 30_000);

  it('lets an adopter stop the container (SIGTERM reaches the process inside, SIGKILL ends it as 137)', async () => {
    const spawner = newSpawner();
    spawners.push(spawner);
    const shimDir = join(dir, 'shim');
    const p = spawner.run(buildBwrapArgv({ command: ['/bin/sh', '-c', 'trap "exit 143" TERM; echo ready; while true; do sleep 0.05; done'], env: {}, mounts: [] }), join(dir, 'c.log'), shimDir);
    await p.started;
    await killHelper(spawner);
    const adopted = newSpawner().adopt(shimDir)!;
    // The shim records its own pid before the container runs; wait for the container's, and for the
    // shell inside to have set its trap (on a loaded machine bwrap may not have started it yet).
    await until(() => (readShimFile<{ containerPid: number }>(shimDir, SHIM_FILES.started)?.containerPid || undefined));
    await until(() => (existsSync(join(dir, 'c.log')) && readFileSync(join(dir, 'c.log'), 'utf8').includes('stdout F ready') ? true : undefined));
    adopted.kill('SIGTERM');
    expect((await adopted.exited).exitCode).toBe(143);

    const other = join(dir, 'shim2');
    const q = spawner.run(buildBwrapArgv({ command: ['sleep', '30'], env: {}, mounts: [] }), join(dir, 'd.log'), other);
    await q.started;
    await killHelper(spawner);
    const second = newSpawner().adopt(other)!;
    second.kill('SIGKILL');
    expect((await second.exited).exitCode).toBe(137);
  }, 30_000);

  it('adopts nothing where no shim was started', () => {
    expect(newSpawner().adopt(join(dir, 'none'))).toBeUndefined();
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
