import { writeOutputPaths } from '../outputs-list.js';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Annotations, Labels } from '@argo-ts/spec';
import { runInProcess } from '../run.js';
import { startFakeKube, type FakeKube } from '../testkit/fake-kube.js';
import { testContext, type TestContext } from '../testkit/context.js';
import { emissaryScript } from '../emissary/script.js';
import { placeArtifact } from '../wait/artifacts.js';
import { ManualClock } from '../clock.js';
import { EXITCODE_GRACE_MS } from '../wait/exitcode.js';

describe('argoexec wait', () => {
  let kube: FakeKube;
  let http: Server;
  let base: string;
  const puts = new Map<string, Buffer>();
  const cleanup: string[] = [];

  beforeAll(async () => {
    kube = await startFakeKube();
    http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => { puts.set(req.url!, Buffer.concat(chunks)); res.writeHead(201); res.end(); });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await kube.close();
    await new Promise((r) => http.close(r));
    await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
  });
  beforeEach(() => { kube.requests.length = 0; kube.taskResults.clear(); });

  async function ctxFor(template: object, env: Record<string, string> = {}): Promise<TestContext> {
    const ctx = await testContext(['wait'], template, kube.kubeConfig, env);
    cleanup.push(ctx.root);
    return ctx;
  }
  /** Plays the emissary's part: stdout, copied outputs, then the exit code. */
  async function mainDone(ctx: TestContext, exitCode: number, stdout: string | Buffer, outputs: Record<number, string> = {}) {
    const ctr = ctx.resolvePath('/var/run/argo/ctr/main');
    await mkdir(ctr, { recursive: true });
    await mkdir(ctx.resolvePath('/var/run/argo/outputs'), { recursive: true });
    await writeFile(join(ctr, 'stdout'), stdout);
    await writeFile(join(ctr, 'combined'), stdout);
    for (const [i, v] of Object.entries(outputs)) await writeFile(ctx.resolvePath(`/var/run/argo/outputs/${i}`), v);
    await writeFile(join(ctr, 'exitcode'), `${exitCode}\n`);
  }
  const annotated = () => {
    const patch = kube.requests.find((r) => r.method === 'PATCH' && r.path === '/api/v1/namespaces/argo/pods/wf-1-main-123');
    expect(patch?.contentType).toBe('application/merge-patch+json');
    return JSON.parse(patch!.body.metadata.annotations[Annotations.outputs]);
  };

  it('reports result (one trailing newline trimmed), parameters and exit code via the pod annotation', async () => {
    const ctx = await ctxFor({ script: { source: 'x' }, outputs: { parameters: [
      { name: 'p', valueFrom: { path: '/tmp/p' } },
      { name: 'd', valueFrom: { path: '/tmp/d', default: 'fallback' } },
      { name: 'e', valueFrom: { expression: 'steps.x' } },
    ] } });
    await mainDone(ctx, 0, 'hello\n\n', { 0: 'value\n' });
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    expect(annotated()).toEqual({
      exitCode: '0', result: 'hello\n',
      parameters: [
        { name: 'p', value: 'value', valueFrom: { path: '/tmp/p' } },
        { name: 'd', value: 'fallback', valueFrom: { path: '/tmp/d', default: 'fallback' } },
        { name: 'e', valueFrom: { expression: 'steps.x' } },
      ],
    });
  });

  it('caps the result at 256 KiB of the tail of a 10 MB stdout', async () => {
    const ctx = await ctxFor({ container: { image: 'x' } });
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    big.write('THE-END\n', big.length - 8);
    await mainDone(ctx, 0, big);
    expect((await runInProcess(ctx)).exitCode).toBe(0);
    const { result } = annotated();
    expect(result.length).toBe(256 * 1024 - 1);
    expect(result.endsWith('aaaTHE-END')).toBe(true);
    expect((await readFile(ctx.resolvePath('/var/run/argo/ctr/main/stdout'))).length).toBe(10 * 1024 * 1024);
  });

  it('leaves result out when the controller says it is not referenced', async () => {
    const ctx = await ctxFor({ script: { source: 'x' } }, { ARGO_INCLUDE_SCRIPT_OUTPUT: 'false' });
    await mainDone(ctx, 3, 'out\n');
    expect((await runInProcess(ctx)).exitCode).toBe(0);
    expect(annotated()).toEqual({ exitCode: '3' });
  });

  describe('containerSet', () => {
    async function ctrDone(ctx: TestContext, name: string, exitCode: number, stdout: string) {
      const ctr = ctx.resolvePath(`/var/run/argo/ctr/${name}`);
      await mkdir(ctr, { recursive: true });
      await writeFile(join(ctr, 'stdout'), stdout);
      await writeFile(join(ctr, 'exitcode'), `${exitCode}\n`);
    }

    it('waits for every container, then reports outputs from main', async () => {
      const ctx = await ctxFor({ containerSet: { containers: [{ name: 'a' }, { name: 'main' }] }, outputs: { parameters: [{ name: 'out', valueFrom: { path: '/workspace/out' } }] } });
      await mainDone(ctx, 0, 'from main\n', { 0: 'hi' });
      let done = false;
      const running = runInProcess(ctx).finally(() => (done = true));
      await new Promise((r) => setTimeout(r, 700));
      expect(done).toBe(false);
      await ctrDone(ctx, 'a', 0, 'from a\n');
      expect(await running).toEqual({ exitCode: 0 });
      expect(annotated()).toEqual({ exitCode: '0', result: 'from main', parameters: [{ name: 'out', value: 'hi', valueFrom: { path: '/workspace/out' } }] });
    });

    it('reports the first failed container\'s exit code, and no result without a main container', async () => {
      const ctx = await ctxFor({ containerSet: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } });
      await ctrDone(ctx, 'a', 0, 'a\n');
      await ctrDone(ctx, 'b', 3, 'b\n');
      await ctrDone(ctx, 'c', 1, 'c\n');
      expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
      expect(annotated()).toEqual({ exitCode: '3' });
    });
  });

  it('fails on a missing parameter without default, still reporting the exit code', async () => {
    const ctx = await ctxFor({ container: {}, outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/hello.txt' } }] } });
    await mainDone(ctx, 0, '');
    const r = await runInProcess(ctx);
    expect(r).toEqual({ exitCode: 1, message: 'output parameter "p": open /tmp/hello.txt: no such file or directory' });
    expect(annotated().exitCode).toBe('0');
  });

  it('records a WorkflowTaskResult (create, then patch on conflict) with the taskresult reporter', async () => {
    for (let i = 0; i < 2; i++) {
      const ctx = await ctxFor({ script: { source: 'x' } }, { ARGO_OUTPUTS_REPORTER: 'taskresult' });
      await mainDone(ctx, i, `run ${i}\n`);
      expect((await runInProcess(ctx)).exitCode).toBe(0);
    }
    const tr = kube.taskResults.get('argo/wf-1-123');
    expect(tr.kind).toBe('WorkflowTaskResult');
    expect(tr.metadata.labels).toEqual({ [Labels.workflow]: 'wf-1', [Labels.reportOutputsCompleted]: 'true' });
    expect(tr.metadata.ownerReferences).toEqual([{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'wf-1', uid: 'uid-1' }]);
    expect(tr.outputs).toEqual({ exitCode: '1', result: 'run 1' });
    expect(kube.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'PATCH']);
    expect(kube.requests.some((r) => r.path.includes('/pods/'))).toBe(false);
  });

  it('retries a reporter call that hits a 503', async () => {
    const ctx = await ctxFor({ container: {} });
    await mainDone(ctx, 0, '');
    kube.failNext.push(503);
    expect((await runInProcess(ctx)).exitCode).toBe(0);
    expect(kube.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });

  it('archives an output artifact (tgz named after the original path) and uploads it to its location', async () => {
    const ctx = await ctxFor({ container: {}, outputs: { artifacts: [
      { name: 'out', path: '/tmp/hello.txt', http: { url: `${base}/store/out.tgz` } },
      { name: 'opt', path: '/tmp/missing', optional: true, http: { url: `${base}/store/opt` } },
    ] } });
    await mainDone(ctx, 0, '', { 0: 'hello world\n' });
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    const tarBytes = gunzipSync(puts.get('/store/out.tgz')!);
    expect(tarBytes.toString('latin1', 0, 9)).toBe('hello.txt');
    expect(tarBytes.toString('latin1')).toContain('hello world\n');
    expect(puts.has('/store/opt')).toBe(false);
    expect(annotated().artifacts).toEqual([{ name: 'out', path: '/tmp/hello.txt', http: { url: `${base}/store/out.tgz` } }]);
  });

  it('archives the main log next to the outputs with archiveLogs, and only warns without a repository', async () => {
    const ctx = await ctxFor({ container: {}, archiveLocation: { archiveLogs: true, http: { url: `${base}/logs/` } } });
    await mainDone(ctx, 0, 'line 1\nline 2\n');
    expect(await runInProcess(ctx)).toEqual({ exitCode: 0 });
    expect(puts.get('/logs/')?.toString()).toBe('line 1\nline 2\n');
    expect(annotated().artifacts).toEqual([{ name: 'main-logs', url: `${base}/logs/` }].map(({ name, url }) => ({ name, http: { url } })));
    const bare = await ctxFor({ container: {}, archiveLocation: { archiveLogs: true } });
    await mainDone(bare, 0, 'x\n');
    expect(await runInProcess(bare)).toEqual({ exitCode: 0 });
    expect(bare.output().stderr).toContain('archiveLogs is set but archiveLocation has no repository location');
  });

  it('fails on an output parameter whose path is a directory', async () => {
    const ctx = await ctxFor({ container: {}, outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/dir' } }] } });
    await mkdir(ctx.resolvePath('/var/run/argo/outputs/0'), { recursive: true });
    await writeFile(ctx.resolvePath('/var/run/argo/outputs/0/inside'), 'x');
    await mainDone(ctx, 0, '');
    expect(await runInProcess(ctx)).toEqual({ exitCode: 1, message: 'output parameter "p": /tmp/dir is a directory, expected a file' });
  });

  // Issue 14 finding 3: wait runs on the host; a link main left in its outputs must not read or upload the host's files.
  it('never follows a link out of the outputs: not for a parameter, not for an archive none artifact', async () => {
    const host = await mkdtemp(join(tmpdir(), 'host-secret-'));
    cleanup.push(host);
    await writeFile(join(host, 'settings.json'), 'SECRET');
    await mkdir(join(host, 'apiserver'));
    await writeFile(join(host, 'apiserver', 'signing.key'), 'KEY');
    const ctx = await ctxFor({ container: {}, outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/p' } }] } });
    await mainDone(ctx, 0, '');
    await symlink(join(host, 'settings.json'), ctx.resolvePath('/var/run/argo/outputs/0'));
    const r = await runInProcess(ctx);
    expect(r).toEqual({ exitCode: 1, message: 'output parameter "p": /tmp/p is a symbolic link out of the container; refusing to follow it' });
    expect(JSON.stringify(kube.requests)).not.toContain('SECRET');
    const art = await ctxFor({ container: {}, outputs: { artifacts: [{ name: 'a', path: '/tmp/out', archive: { none: {} }, http: { url: `${base}/store/leak` } }] } });
    await mainDone(art, 0, '');
    await mkdir(art.resolvePath('/var/run/argo/outputs/0'));
    await writeFile(art.resolvePath('/var/run/argo/outputs/0/ok.txt'), 'fine');
    await symlink(join(host, 'apiserver'), art.resolvePath('/var/run/argo/outputs/0/keys'));
    const r2 = await runInProcess(art);
    expect(r2.exitCode).toBe(1);
    expect(r2.message).toMatch(/^output artifact "a": \/tmp\/out\/keys is a symbolic link out of the container \(to .*apiserver\); refusing to follow it$/);
    expect([...puts.keys()].filter((k) => k.startsWith('/store/leak'))).toEqual([]);
  });

  it('archives main.log to an s3 repository under its key, also when collecting outputs failed', async () => {
    const s3Puts = new Map<string, Buffer>();
    const s3 = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT') { s3Puts.set(req.url!.split('?')[0]!, Buffer.concat(chunks)); res.writeHead(200, { etag: '"e"' }); return res.end(); }
        res.writeHead(501); res.end();
      });
    });
    await new Promise<void>((r) => s3.listen(0, '127.0.0.1', r));
    try {
      kube.secrets['argo/repo-cred'] = { a: 'AKID', s: 'secret' };
      const repo = { archiveLogs: true, s3: {
        endpoint: `127.0.0.1:${(s3.address() as AddressInfo).port}`, insecure: true, bucket: 'logs', key: '{{workflow.name}}/{{pod.name}}',
        accessKeySecret: { name: 'repo-cred', key: 'a' }, secretKeySecret: { name: 'repo-cred', key: 's' },
      } };
      const ctx = await ctxFor({ container: {}, archiveLocation: repo, outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/none' } }] } });
      await mainDone(ctx, 0, 'log line\n');
      expect(await runInProcess(ctx)).toEqual({ exitCode: 1, message: 'output parameter "p": open /tmp/none: no such file or directory' });
      expect(s3Puts.get('/logs/wf-1/wf-1-main-123/main.log')?.toString()).toBe('log line\n');
      expect(annotated().artifacts).toEqual([{ name: 'main-logs', s3: { ...repo.s3, key: 'wf-1/wf-1-main-123/main.log' } }]);
    } finally {
      await new Promise((r) => s3.close(r));
    }
  });

  it('fails on a missing required output artifact', async () => {
    const ctx = await ctxFor({ container: {}, outputs: { artifacts: [{ name: 'a', path: '/tmp/a', http: { url: `${base}/a` } }] } });
    await mainDone(ctx, 0, '');
    expect(await runInProcess(ctx)).toEqual({ exitCode: 1, message: 'output artifact "a": path /tmp/a does not exist in the main container' });
  });

  it('places artifacts under the repository key with the workflow and pod names expanded', () => {
    const env = { ARGO_WORKFLOW_NAME: 'wf-9', ARGO_POD_NAME: 'wf-9-p' };
    const repo = { s3: { bucket: 'b', endpoint: 'e:9000', key: '{{workflow.name}}/{{pod.name}}' } };
    expect(placeArtifact({ name: 'x', path: '/x' }, repo, 'x.tgz', env)).toEqual({ name: 'x', path: '/x', s3: { bucket: 'b', endpoint: 'e:9000', key: 'wf-9/wf-9-p/x.tgz' } });
    expect(placeArtifact({ name: 'y', s3: { key: 'fixed/y.txt' } }, repo, 'y.tgz', env)).toEqual({ name: 'y', s3: { bucket: 'b', endpoint: 'e:9000', key: 'fixed/y.txt' } });
    expect(() => placeArtifact({ name: 'z' }, undefined, 'z.tgz', env)).toThrow('output artifact "z": has no location and the template has no archiveLocation');
  });

  it('stops waiting when the pod is deleted', async () => {
    const ctx = await ctxFor({ container: {} });
    setTimeout(() => ctx.abort.abort(), 50);
    const r = await runInProcess(ctx);
    expect(r.exitCode).toBe(143);
    expect(r.message).toMatch(/pod is being deleted/);
  });

  const podWithMain = (state: object) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'wf-1-main-123', namespace: 'argo', resourceVersion: '5' },
    status: { containerStatuses: [{ name: 'wait', state: { running: {} } }, { name: 'main', state }] },
  });

  it('fails with main\'s status exit code when main ends without writing its exit code (watched)', async () => {
    kube.setPod(podWithMain({ running: {} }));
    const ctx = await ctxFor({ container: {}, outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/p' } }] } });
    const clock = new ManualClock();
    ctx.clock = clock;
    let settled = false;
    const waiting = runInProcess(ctx).finally(() => { settled = true; });
    // The watch is open once the GET has been answered.
    while (!kube.requests.some((r) => r.path === '/api/v1/namespaces/argo/pods')) await new Promise((r) => setTimeout(r, 10));
    kube.setPod(podWithMain({ terminated: { exitCode: 137, reason: 'OOMKilled' } }));
    // Terminated: the exit code file gets the grace period, on the injected clock.
    while (clock.pending === 0) await new Promise((r) => setTimeout(r, 10));
    clock.advance(EXITCODE_GRACE_MS - 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    clock.advance(1);
    expect(await waiting).toEqual({ exitCode: 1, message: 'main container exited without reporting its exit code (OOMKilled)' });
    expect(annotated()).toEqual({ exitCode: '137' });
    kube.pods.clear();
  });

  it('reads main\'s termination from the pod when it ended before wait started, message included', async () => {
    kube.setPod(podWithMain({ terminated: { exitCode: 1, reason: 'Error', message: "bwrap: Can't set hostname\nmore" } }));
    const ctx = await ctxFor({ container: {} });
    const clock = new ManualClock();
    ctx.clock = clock;
    const waiting = runInProcess(ctx);
    while (clock.pending === 0) await new Promise((r) => setTimeout(r, 10));
    clock.advance(EXITCODE_GRACE_MS);
    expect(await waiting).toEqual({ exitCode: 1, message: "main container exited without reporting its exit code (Error: bwrap: Can't set hostname)" });
    expect(annotated()).toEqual({ exitCode: '1' });
    kube.pods.clear();
  });

  it('takes an exit code file that appears within the grace period after main is terminated', async () => {
    kube.setPod(podWithMain({ terminated: { exitCode: 0, reason: 'Completed' } }));
    const ctx = await ctxFor({ container: {} });
    const waiting = runInProcess(ctx);
    while (!kube.requests.some((r) => r.method === 'GET' && r.path.endsWith('/pods/wf-1-main-123'))) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    await mainDone(ctx, 0, 'late\n');
    expect(await waiting).toEqual({ exitCode: 0 });
    expect(annotated()).toEqual({ exitCode: '0', result: 'late' });
    kube.pods.clear();
  });

  it('closes its watch on its own pod once the exit code file is there', async () => {
    kube.setPod(podWithMain({ running: {} }));
    const ctx = await ctxFor({ container: {} });
    const waiting = runInProcess(ctx);
    while (kube.openWatches() === 0) await new Promise((r) => setTimeout(r, 10));
    await mainDone(ctx, 0, 'ok\n');
    expect(await waiting).toEqual({ exitCode: 0 });
    for (let i = 0; i < 100 && kube.openWatches() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(kube.openWatches()).toBe(0);
    kube.pods.clear();
  });

  it('keeps waiting for the exit code file while its own pod cannot be read', async () => {
    const ctx = await ctxFor({ container: {} });
    const waiting = runInProcess(ctx);
    const gets = () => kube.requests.filter((r) => r.method === 'GET').length;
    for (let i = 0; i < 500 && gets() < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(gets()).toBeGreaterThanOrEqual(2);
    await mainDone(ctx, 4, '');
    expect(await waiting).toEqual({ exitCode: 0 });
    expect(annotated()).toEqual({ exitCode: '4', result: '' });
    expect(ctx.output().stderr.match(/cannot read own pod/g)).toHaveLength(1);
  });

  it('end to end: a result without a trailing newline is kept whole', async () => {
    const template = { container: { image: 'alpine' } };
    const init = await testContext(['init'], template, kube.kubeConfig);
    cleanup.push(init.root);
    expect(await runInProcess(init)).toEqual({ exitCode: 0 });
    await writeFile(init.resolvePath('/var/run/argo/emissary.sh'), emissaryScript(init.resolvePath('/var/run/argo')));
    const wait = { ...(await testContext(['wait'], template, kube.kubeConfig)), resolvePath: init.resolvePath };
    const waiting = runInProcess(wait);
    const main = spawn('dash', [init.resolvePath('/var/run/argo/emissary.sh'), '--', 'printf', 'line 1\nno-newline'], { stdio: 'ignore' });
    expect(await new Promise((r) => main.on('close', r))).toBe(0);
    expect(await waiting).toEqual({ exitCode: 0 });
    expect(annotated()).toEqual({ exitCode: '0', result: 'line 1\nno-newline' });
  });

  it('end to end: init, the emissary under dash, then wait', async () => {
    const template = { script: { source: 'echo from-script; echo 42 > "$OUT"' }, outputs: { parameters: [{ name: 'n', valueFrom: { path: '/tmp/n' } }] } };
    const init = await testContext(['init'], template, kube.kubeConfig);
    cleanup.push(init.root);
    expect(await runInProcess(init)).toEqual({ exitCode: 0 });
    // The emissary runs "in the container": container paths are mapped by hand here.
    const out = join(init.root, 'tmp-n');
    await writeOutputPaths(init.resolvePath('/var/run/argo/output-paths'), [out]);
    await writeFile(init.resolvePath('/var/run/argo/emissary.sh'), emissaryScript(init.resolvePath('/var/run/argo')));
    const wait = { ...(await testContext(['wait'], template, kube.kubeConfig)), resolvePath: init.resolvePath };
    const waiting = runInProcess(wait);
    const main = spawn('dash', [init.resolvePath('/var/run/argo/emissary.sh'), '--', 'sh', init.resolvePath('/argo/staging/script')], {
      env: { PATH: process.env.PATH, OUT: out }, stdio: 'ignore',
    });
    expect(await new Promise((r) => main.on('close', r))).toBe(0);
    expect(await waiting).toEqual({ exitCode: 0 });
    expect(annotated()).toEqual({ exitCode: '0', result: 'from-script', parameters: [{ name: 'n', value: '42', valueFrom: { path: '/tmp/n' } }] });
  });
});
