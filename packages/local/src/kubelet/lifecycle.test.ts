import { jest } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1PodStatus } from '@kubernetes/client-node';
import type { ExecutorContext } from '@argo-ts/executor';
import { memoryMechanism } from '../sandbox/memory.js';
import { containerLogPath, podLogDir } from './logs.js';
import { podDirOf } from './pod-worker.js';
import { harness, pod, readAll, sh, type Harness } from './testdata/pods.js';

const done = (s: V1PodStatus): boolean => s.phase === 'Succeeded' || s.phase === 'Failed';
const running = (s: V1PodStatus): boolean => s.phase === 'Running';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('kubelet lifecycle', () => {
  const cgroups = memoryMechanism() === 'cgroup-v1' || memoryMechanism() === 'cgroup-v2';
  (cgroups ? it : it.skip)('ends a container over its memory limit as OOMKilled with exit code 137', async () => {
    h = harness();
    h.kubelet.handle('ADDED', pod('oom', [{
      name: 'main', image: 'python:3', command: ['python3', '-c', 'a = bytearray(200 * 1024 * 1024); print("survived")'],
      resources: { limits: { memory: '50Mi' } },
    }]));
    const s = await h.api.waitFor('default', 'oom', done);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('lets a container under its memory limit finish', async () => {
    h = harness();
    h.kubelet.handle('ADDED', pod('fits', [{
      name: 'main', image: 'python:3', command: ['python3', '-c', 'a = bytearray(10 * 1024 * 1024); print("ok")'],
      resources: { limits: { memory: '200Mi' } },
    }]));
    expect((await h.api.waitFor('default', 'fits', done)).phase).toBe('Succeeded');
  });

  it('on deletion sends SIGTERM, waits for the grace period, then SIGKILLs, and deletes the pod', async () => {
    h = harness();
    const p = pod('graceful', [
      sh('polite', 'trap "echo got TERM; exit 3" TERM; echo ready; while true; do sleep 0.05; done'),
      sh('stubborn', 'trap "echo ignoring TERM" TERM; echo ready; while true; do sleep 0.05; done'),
    ], { terminationGracePeriodSeconds: 1 });
    h.kubelet.handle('ADDED', p);
    await h.api.waitFor('default', 'graceful', (s) => running(s) && s.containerStatuses?.every((c) => c.state?.running) === true);
    await waitForLog(h, 'graceful', 'polite', 'ready');
    await waitForLog(h, 'graceful', 'stubborn', 'ready');
    const polite = h.kubelet.logs.open('default', 'graceful', 'polite', { follow: true, timestamps: false });
    const stubborn = h.kubelet.logs.open('default', 'graceful', 'stubborn', { follow: true, timestamps: false });
    const started = Date.now();
    h.kubelet.handle('MODIFIED', { ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(), deletionGracePeriodSeconds: 1 } });
    const [pl, sl] = await Promise.all([readAll(await polite), readAll(await stubborn)]);
    const elapsed = Date.now() - started;
    expect(pl).toBe('ready\ngot TERM\n');
    expect(sl).toBe('ready\nignoring TERM\n');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    await waitUntil(() => h.api.deleted.includes('default/graceful'));
  });

  it('serves logs with tailLines, timestamps and follow', async () => {
    h = harness();
    h.kubelet.handle('ADDED', pod('talker', [sh('main', 'for i in 1 2 3 4 5; do echo line $i; done; read x < /dev/null; sleep 0.3; echo late')]));
    await waitForLog(h, 'talker', 'main', 'line 5');
    const follow = await h.kubelet.logs.open('default', 'talker', 'main', { follow: true, timestamps: false, tailLines: 2 });
    expect(await readAll(follow)).toBe('line 4\nline 5\nlate\n');
    const stamped = await readAll(await h.kubelet.logs.open('default', 'talker', 'main', { follow: false, timestamps: true, tailLines: 1 }));
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z late\n$/);
    const since = await readAll(await h.kubelet.logs.open('default', 'talker', 'main', { follow: false, timestamps: false, sinceSeconds: 3600 }));
    expect(since.split('\n')).toHaveLength(7);
    expect(await h.kubelet.logs.open('default', 'talker', 'nope', { follow: false, timestamps: false })).toBeNull();
  });

  it('runs argoexec containers in-process with volume-mapped paths, env and logs', async () => {
    const calls: ExecutorContext[] = [];
    const executor = jest.fn(async (ctx: ExecutorContext) => {
      calls.push(ctx);
      ctx.stdout.write(`running ${ctx.args.join(' ')}\n`);
      if (ctx.args[0] === 'init') {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(ctx.resolvePath('/var/run/argo/from-init'), 'staged');
        return { exitCode: 0 };
      }
      return { exitCode: 1, message: 'wait failed on purpose' };
    });
    h = harness(executor);
    const mounts = [{ name: 'var-run-argo', mountPath: '/var/run/argo' }];
    const p = pod('exec', [
      sh('main', 'cat /var/run/argo/from-init', { volumeMounts: mounts }),
      { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'], env: [{ name: 'ARGO_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }], volumeMounts: mounts },
    ], {
      initContainers: [{ name: 'init', image: 'quay.io/argoproj/argoexec:v3.5', command: ['argoexec'], args: ['init'], volumeMounts: mounts }],
      volumes: [{ name: 'var-run-argo', emptyDir: {} }],
    });
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'exec', done);
    expect(s.phase).toBe('Failed');
    expect(calls.map((c) => c.args)).toEqual([['init'], ['wait']]);
    expect(calls[1]!.env.ARGO_POD_NAME).toBe('exec');
    expect(calls[1]!.resolvePath('/var/run/argo/ctr/main')).toMatch(/\/volumes\/var-run-argo\/ctr\/main$/);
    expect(calls[1]!.resolvePath('/elsewhere/x')).toMatch(/\/rootfs\/wait\/elsewhere\/x$/);
    expect(s.containerStatuses?.find((c) => c.name === 'wait')?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error', message: 'wait failed on purpose' });
    expect(s.containerStatuses?.find((c) => c.name === 'main')?.state?.terminated?.exitCode).toBe(0);
    expect(await readAll(await h.kubelet.logs.open('default', 'exec', 'main', { follow: false, timestamps: false }))).toBe('staged\n');
    expect(await readAll(await h.kubelet.logs.open('default', 'exec', 'wait', { follow: false, timestamps: false }))).toBe('running wait\n');
  });

  it('ends an in-process container whose executor throws with exit 1 and the error as its message', async () => {
    h = harness(async () => {
      throw new Error('lost the exit code');
    });
    h.kubelet.handle('ADDED', pod('throws', [sh('main', 'true'), { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'] }]));
    const s = await h.api.waitFor('default', 'throws', done);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.find((c) => c.name === 'wait')?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error', message: 'argoexec wait: lost the exit code' });
    expect(await readAll(await h.kubelet.logs.open('default', 'throws', 'wait', { follow: false, timestamps: false }))).toBe('argoexec wait: lost the exit code\n');
  });

  it('collects a pod an earlier kubelet started whose container ended meanwhile, from its shim\'s record, without rerunning it', async () => {
    h = harness();
    const p = pod('ended', [sh('main', 'echo should not run')]);
    const startedAt = new Date(Date.now() - 60_000);
    const finishedAt = new Date(Date.now() - 30_000);
    p.status = { phase: 'Running', startTime: startedAt };
    const shimDir = join(podDirOf(h.stateDir, p), 'shims', 'main');
    mkdirSync(shimDir, { recursive: true });
    // A pid that is certainly not this shim's: the record alone says how it ended.
    writeFileSync(join(shimDir, 'shim.json'), JSON.stringify({ pid: process.pid, containerPid: 1, startedAt: startedAt.toISOString() }));
    writeFileSync(join(shimDir, 'exit.json'), JSON.stringify({ code: 3, signal: null, finishedAt: finishedAt.toISOString() }));
    mkdirSync(podLogDir(h.stateDir, 'default', 'ended'), { recursive: true });
    writeFileSync(containerLogPath(h.stateDir, 'default', 'ended', 'main'), `${startedAt.toISOString()} stdout F ran once\n`);
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'ended', done);
    expect(s.phase).toBe('Failed');
    expect(s.startTime).toEqual(startedAt);
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error', startedAt, finishedAt });
    expect(await readAll(await h.kubelet.logs.open('default', 'ended', 'main', { follow: false, timestamps: false }))).toBe('ran once\n');
  });

  it('ends a container whose shim died without a record as Error 137, not by running it again', async () => {
    h = harness();
    const p = pod('lost', [sh('main', 'echo should not run')]);
    p.status = { phase: 'Running', startTime: new Date() };
    const shimDir = join(podDirOf(h.stateDir, p), 'shims', 'main');
    mkdirSync(shimDir, { recursive: true });
    writeFileSync(join(shimDir, 'shim.json'), JSON.stringify({ pid: process.pid, containerPid: 1, startedAt: new Date().toISOString() }));
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'lost', done);
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(existsSync(containerLogPath(h.stateDir, 'default', 'lost', 'main')) ? readFileSync(containerLogPath(h.stateDir, 'default', 'lost', 'main'), 'utf8') : '').not.toContain('should not run');
  });

  it('starts a container of an earlier kubelet\'s pod that never started (no shim)', async () => {
    h = harness();
    const p = pod('fresh', [sh('main', 'echo ran')]);
    p.status = { phase: 'Pending', startTime: new Date() };
    h.kubelet.handle('ADDED', p);
    expect((await h.api.waitFor('default', 'fresh', done)).phase).toBe('Succeeded');
    expect(await readAll(await h.kubelet.logs.open('default', 'fresh', 'main', { follow: false, timestamps: false }))).toBe('ran\n');
  });
});

async function waitUntil(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForLog(h: Harness, podName: string, container: string, text: string): Promise<void> {
  const { containerLogPath } = await import('./logs.js');
  await waitUntil(() => {
    try {
      return readFileSync(containerLogPath(h.stateDir, 'default', podName, container), 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}
