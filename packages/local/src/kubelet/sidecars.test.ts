import type { V1PodStatus } from '@kubernetes/client-node';
import type { ExecutorContext } from '@argo-ts/executor';
import type { LocalExecutorContext } from './containers.js';
import { harness, pod, sh, type Harness } from './testdata/pods.js';

const done = (s: V1PodStatus): boolean => s.phase === 'Succeeded' || s.phase === 'Failed';
let h: Harness;
afterEach(async () => {
  await h.close();
});

const waitOk = async (_ctx: ExecutorContext) => ({ exitCode: 0 });

describe('sidecars of workflow pods', () => {
  it('are stopped once main and wait have ended, so the pod completes', async () => {
    h = harness(waitOk);
    const p = pod('with-sidecar', [
      { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'] },
      sh('main', 'sleep 0.2; echo main done'),
      sh('nginx', 'trap "exit 0" TERM; while true; do sleep 0.05; done'),
    ]);
    p.metadata!.labels = { 'workflows.argoproj.io/workflow': 'wf' };
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'with-sidecar', done, 15_000);
    expect(s.containerStatuses?.find((c) => c.name === 'main')?.state?.terminated?.exitCode).toBe(0);
    expect(s.containerStatuses?.find((c) => c.name === 'nginx')?.state?.terminated).toBeDefined();
  });

  it('can be signalled by the in-process executor through killContainers', async () => {
    h = harness(async (ctx) => {
      await new Promise((r) => setTimeout(r, 300));
      await (ctx as LocalExecutorContext).killContainers(['side'], 'SIGKILL');
      return { exitCode: 0 };
    });
    const p = pod('exec-kills', [
      { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'] },
      sh('side', 'trap "" TERM; while true; do sleep 0.05; done'),
    ]);
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'exec-kills', done, 15_000);
    expect(s.containerStatuses?.find((c) => c.name === 'side')?.state?.terminated?.exitCode).toBe(137);
  });

  it('are left alone in pods that are not workflow pods', async () => {
    h = harness(waitOk);
    const p = pod('plain', [
      { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'] },
      sh('main', 'true'),
      sh('other', 'sleep 0.5; echo finished on its own'),
    ]);
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'plain', done, 15_000);
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses?.find((c) => c.name === 'other')?.state?.terminated?.exitCode).toBe(0);
  });
});

describe('a workflow pod whose main container cannot run', () => {
  it('aborts the in-process wait container so that the pod ends', async () => {
    h = harness(async (ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      return { exitCode: 1, message: 'aborted' };
    });
    const p = pod('cannot-run', [
      { name: 'wait', image: 'argo-ts/argoexec:latest', command: ['argoexec', 'wait'] },
      { name: 'main', image: 'acme/unknown:1', args: ['go'] },
    ]);
    p.metadata!.labels = { 'workflows.argoproj.io/workflow': 'wf' };
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'cannot-run', done, 15_000);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.find((c) => c.name === 'main')?.state?.terminated?.reason).toBe('ContainerCannotRun');
    expect(s.containerStatuses?.find((c) => c.name === 'wait')?.state?.terminated?.message).toBe('aborted');
  });
});
