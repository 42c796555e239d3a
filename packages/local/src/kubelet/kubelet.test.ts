import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerLogPath } from './logs.js';
import { harness, pod, readAll, sh, type Harness } from './testdata/pods.js';
import type { V1PodStatus } from '@kubernetes/client-node';

const done = (s: V1PodStatus): boolean => s.phase === 'Succeeded' || s.phase === 'Failed';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.close();
});

async function logOf(name: string, container = 'main'): Promise<string> {
  return readAll(await h.kubelet.logs.open('default', name, container, { follow: false, timestamps: false }));
}

describe('kubelet pod runner', () => {
  it('gives every pod its own /tmp', async () => {
    const a = pod('iso-a', [sh('main', 'echo A > /tmp/out.txt; sleep 0.2; cat /tmp/out.txt')]);
    const b = pod('iso-b', [sh('main', 'echo B > /tmp/out.txt; sleep 0.2; cat /tmp/out.txt')]);
    h.kubelet.handle('ADDED', a);
    h.kubelet.handle('ADDED', b);
    const [sa, sb] = await Promise.all([h.api.waitFor('default', 'iso-a', done), h.api.waitFor('default', 'iso-b', done)]);
    expect([sa.phase, sb.phase]).toEqual(['Succeeded', 'Succeeded']);
    expect(await logOf('iso-a')).toBe('A\n');
    expect(await logOf('iso-b')).toBe('B\n');
  });

  it('starts a container without workingDir in / (the default WORKDIR), where it can write', async () => {
    h.kubelet.handle('ADDED', pod('cwd', [sh('main', 'pwd; echo x > result.txt && cat /result.txt')]));
    const s = await h.api.waitFor('default', 'cwd', done);
    expect(s.phase).toBe('Succeeded');
    expect(await logOf('cwd')).toBe('/\nx\n');
  });

  it('shares an emptyDir between an init container and the main container', async () => {
    const p = pod('shared', [sh('main', 'cat /work/greeting', { volumeMounts: [{ name: 'w', mountPath: '/work' }] })], {
      initContainers: [sh('init', 'echo from-init > /work/greeting', { volumeMounts: [{ name: 'w', mountPath: '/work' }] })],
      volumes: [{ name: 'w', emptyDir: {} }],
    });
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'shared', done);
    expect(s.phase).toBe('Succeeded');
    expect(s.initContainerStatuses?.[0]?.state?.terminated?.reason).toBe('Completed');
    expect(s.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(await logOf('shared')).toBe('from-init\n');
  });

  it('creates nothing on the host outside the state directory', async () => {
    const p = pod('contract-paths', [sh('main', 'echo x > /var/run/argo/f && echo y > /argo/inputs/artifacts/a/f && cat /var/run/argo/f', {
      volumeMounts: [{ name: 'var-run-argo', mountPath: '/var/run/argo' }, { name: 'in', mountPath: '/argo/inputs/artifacts/a' }],
    })], { volumes: [{ name: 'var-run-argo', emptyDir: {} }, { name: 'in', emptyDir: {} }] });
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'contract-paths', done);
    expect(s.phase).toBe('Succeeded');
    expect(readFileSync(join(h.stateDir, 'pods', 'default', p.metadata!.uid!, 'volumes', 'var-run-argo', 'f'), 'utf8')).toBe('x\n');
    expect(existsSync('/argo')).toBe(false);
    expect(existsSync('/var/run/argo')).toBe(false);
  });

  it('reports exit codes, Error and the termination message', async () => {
    h.kubelet.handle('ADDED', pod('fails', [sh('main', 'echo bad thing > /dev/termination-log; exit 3')]));
    const s = await h.api.waitFor('default', 'fails', done);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error', message: 'bad thing\n' });
    expect(s.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(s).toMatchObject({ hostIP: '127.0.0.1', podIP: '127.0.0.1' });
  });

  it('falls back to the log tail for the message with FallbackToLogsOnError', async () => {
    h.kubelet.handle('ADDED', pod('fallback', [sh('main', 'echo first; echo last words >&2; exit 1', { terminationMessagePolicy: 'FallbackToLogsOnError' })]));
    const s = await h.api.waitFor('default', 'fallback', done);
    expect(s.containerStatuses?.[0]?.state?.terminated?.message).toBe('first\nlast words');
  });

  it('does not run later init containers or the main container after a failing init', async () => {
    const p = pod('init-fails', [sh('main', 'echo main ran')], { initContainers: [sh('one', 'exit 4'), sh('two', 'echo two ran')] });
    h.kubelet.handle('ADDED', p);
    const s = await h.api.waitFor('default', 'init-fails', done);
    expect(s.phase).toBe('Failed');
    expect(s.initContainerStatuses?.[0]?.state?.terminated?.exitCode).toBe(4);
    expect(s.initContainerStatuses?.[1]?.state?.waiting).toBeDefined();
    expect(s.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    expect(existsSync(containerLogPath(h.stateDir, 'default', 'init-fails', 'main'))).toBe(false);
  });

  it('leaves a pod whose nodeSelector does not match Pending and Unschedulable', async () => {
    h.kubelet.handle('ADDED', pod('elsewhere', [sh('main', 'true')], { nodeSelector: { 'kubernetes.io/os': 'windows' } }));
    const s = await h.api.waitFor('default', 'elsewhere', (x) => x.conditions !== undefined);
    expect(s.phase).toBe('Pending');
    expect(s.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(s.containerStatuses).toBeUndefined();
  });

  it('runs a pod whose nodeSelector matches the local node', async () => {
    h.kubelet.handle('ADDED', pod('here', [sh('main', 'true')], { nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    expect((await h.api.waitFor('default', 'here', done)).phase).toBe('Succeeded');
  });

  it('resolves env from ConfigMaps, Secrets, pod fields and resources, and expands $(VAR)', async () => {
    h.api.configMaps.set('default/cm', { data: { colour: 'blue', 'not valid!': 'x', size: 'L' } });
    h.api.secrets.set('default/sec', { data: { password: Buffer.from('s3cret').toString('base64') } });
    const p = pod('env', [{
      name: 'main', image: 'alpine', command: ['/bin/sh', '-c', 'echo "$COLOUR $PASSWORD $POD $NS $LABEL $NOTE $MEM $CPU $GREETING $CFG_size [$MISSING]" "$0" "$1"'],
      args: ['$(GREETING)', '$$(GREETING)'],
      resources: { limits: { memory: '64Mi', cpu: '500m' } },
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CFG_' }],
      env: [
        { name: 'COLOUR', valueFrom: { configMapKeyRef: { name: 'cm', key: 'colour' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
        { name: 'MISSING', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'LABEL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'GREETING', value: 'hi-$(POD)' },
      ],
    }]);
    h.kubelet.handle('ADDED', p);
    expect((await h.api.waitFor('default', 'env', done)).phase).toBe('Succeeded');
    expect(await logOf('env')).toBe('blue s3cret env default test hi 64 500 hi-env L [] hi-env $(GREETING)\n');
  });

  it('fails a container whose required ConfigMap key is missing, naming it', async () => {
    h.kubelet.handle('ADDED', pod('no-cm', [{ name: 'main', image: 'alpine', command: ['true'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }] }]));
    const s = await h.api.waitFor('default', 'no-cm', done);
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({ reason: 'CreateContainerConfigError', message: 'env X: key "k" not found in configmap "absent"' });
  });

  it('runs the argosay image through its shim and says once that images are not pulled', async () => {
    h.kubelet.handle('ADDED', pod('argosay', [
      { name: 'main', image: 'argoproj/argosay:v2', args: ['echo', 'hello world'] },
      { name: 'plain', image: 'argoproj/argosay:v2' },
      { name: 'abs', image: 'argoproj/argosay:v2', command: ['/argosay'], args: ['exit', '0'] },
    ]));
    expect((await h.api.waitFor('default', 'argosay', done)).phase).toBe('Succeeded');
    expect(await logOf('argosay')).toBe('hello world\n');
    expect(await logOf('argosay', 'plain')).toBe('hello argo\n');
    expect(h.logs.filter((l) => l === 'image argoproj/argosay:v2 not pulled: running with host tools')).toHaveLength(1);
  });

  it('fails an image with args but no known entrypoint as ContainerCannotRun', async () => {
    h.kubelet.handle('ADDED', pod('unknown', [{ name: 'main', image: 'example.com/mystery:1', args: ['go'] }]));
    const s = await h.api.waitFor('default', 'unknown', done);
    expect(s.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      reason: 'ContainerCannotRun', message: 'image example.com/mystery:1 has no known entrypoint; set command',
    });
  });
});

describe('kubelet bookkeeping', () => {
  it('forgets a pod once its DELETED event arrived', async () => {
    const p = pod('forget-me', [sh('main', 'true')]);
    h.kubelet.handle('ADDED', p);
    await h.api.waitFor('default', 'forget-me', done);
    h.kubelet.handle('DELETED', p);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.kubelet.trackedPods()).toBe(0);
    expect(existsSync(join(h.stateDir, 'pods', 'default', p.metadata!.uid!))).toBe(false);
  });
});
