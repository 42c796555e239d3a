/**
 * Containers of one pod run as different users on a node: init and wait as
 * the executor image's 8737, main as root or its runAsUser. What init makes
 * in the shared emptyDir must let each of them do its part.
 */
import { writeOutputPaths } from '../outputs-list.js';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInProcess } from '../run.js';
import { startFakeKube, type FakeKube } from '../testkit/fake-kube.js';
import { testContext, type TestContext } from '../testkit/context.js';
import { waitForExitCode } from '../wait/exitcode.js';

const template = {
  name: 't', script: { image: 'alpine', command: ['sh'], source: 'echo hi' },
  outputs: { artifacts: [{ name: 'a', path: '/tmp/a.txt' }] },
  sidecars: [{ name: 'db', image: 'postgres' }],
};
const asRoot = process.getuid?.() === 0;

describe('argoexec init: directories shared by the containers of a pod', () => {
  let kube: FakeKube;
  let ctx: TestContext;
  beforeAll(async () => (kube = await startFakeKube()));
  afterAll(async () => kube.close());
  beforeEach(async () => {
    ctx = await testContext(['init'], template, kube.kubeConfig);
    await chmod(ctx.root, 0o755);
    // The kubelet makes the emptyDir 0777.
    await mkdir(ctx.resolvePath('/var/run/argo'), { recursive: true, mode: 0o777 });
    await chmod(ctx.resolvePath('/var/run/argo'), 0o777);
  });
  afterEach(async () => rm(ctx.root, { recursive: true, force: true }));

  it('makes outputs and each user and sidecar container directory 0777 before the containers start', async () => {
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    for (const dir of ['outputs', 'ctr/main', 'ctr/db', 'ctr']) {
      expect(((await stat(ctx.resolvePath(`/var/run/argo/${dir}`))).mode & 0o777).toString(8)).toBe('777');
    }
  });

  it('a directory wait makes first (to watch for the exit code) is 0777 too', async () => {
    const file = ctx.resolvePath('/var/run/argo/ctr/other/exitcode');
    const abort = new AbortController();
    const waiting = waitForExitCode(file, abort.signal, 50);
    await new Promise((r) => setTimeout(r, 100));
    expect(((await stat(ctx.resolvePath('/var/run/argo/ctr/other'))).mode & 0o777).toString(8)).toBe('777');
    await writeFile(file, '0\n');
    expect(await waiting).toBe(0);
  });

  (asRoot ? it : it.skip)('main as root and as uid 4242 can write its files; wait as 8737 can stage the outputs (real uids, via setpriv)', async () => {
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    const argo = ctx.resolvePath('/var/run/argo');
    // main's own file system (its /tmp), writable by whoever main runs as.
    await mkdir(join(ctx.root, 'tmp'), { mode: 0o777 });
    await chmod(join(ctx.root, 'tmp'), 0o1777);
    const out = join(ctx.root, 'tmp', 'a.txt');
    await writeOutputPaths(join(argo, 'output-paths'), [out]);
    const as = (uid: number, argv: string[]) => execFileSync('setpriv', [`--reuid=${uid}`, '--regid=0', '--clear-groups', '--', ...argv], { env: { PATH: '/usr/bin:/bin' } });
    // The emissary was generated for /var/run/argo; run one for this directory.
    const { emissaryScript } = await import('../emissary/script.js');
    const script = join(ctx.root, 'emissary.sh');
    await writeFile(script, emissaryScript(argo), { mode: 0o755 });
    as(4242, ['dash', script, '--', 'sh', '-c', `echo from-4242 > ${out}; echo stdout-4242`]);
    expect(await readFile(join(argo, 'ctr/main/stdout'), 'utf8')).toBe('stdout-4242\n');
    expect(await readFile(join(argo, 'outputs/0'), 'utf8')).toBe('from-4242\n');
    await rm(out);
    as(0, ['dash', script, '--', 'sh', '-c', `echo from-root > ${out}`]);
    // What wait does with the copy: a folder beside it, then a rename into it.
    as(8737, ['sh', '-c', `mkdir ${argo}/outputs/0.staged && mv ${argo}/outputs/0 ${argo}/outputs/0.staged/a.txt`]);
    expect(await readFile(join(argo, 'outputs/0.staged/a.txt'), 'utf8')).toBe('from-root\n');
  });
});
