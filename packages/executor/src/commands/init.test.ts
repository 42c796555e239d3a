import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runInProcess } from '../run.js';
import { startFakeKube, type FakeKube } from '../testkit/fake-kube.js';
import { testContext } from '../testkit/context.js';

describe('argoexec init', () => {
  let kube: FakeKube;
  let http: Server;
  let base: string;
  const seen: { url?: string; auth?: string }[] = [];
  const files: Record<string, Buffer> = {};
  const cleanup: string[] = [];

  beforeAll(async () => {
    kube = await startFakeKube();
    http = createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      const f = files[req.url ?? ''];
      if (req.url === '/flaky-500') { res.writeHead(500); return res.end('oops'); }
      if (!f) { res.writeHead(404); return res.end('not found'); }
      res.writeHead(200);
      res.end(f);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await kube.close();
    await new Promise((r) => http.close(r));
    await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function init(template: object) {
    const ctx = await testContext(['init'], template, kube.kubeConfig);
    cleanup.push(ctx.root);
    const result = await runInProcess(ctx);
    return { ctx, result, at: (p: string) => ctx.resolvePath(p) };
  }

  it('writes the emissary, the output-paths list and the staged script', async () => {
    const { result, at } = await init({
      name: 'gen', script: { image: 'python', command: ['python'], source: 'print("hi")\n' },
      outputs: {
        parameters: [{ name: 'p', valueFrom: { path: '/tmp/p.txt' } }, { name: 'q', valueFrom: { expression: '1' } }],
        artifacts: [{ name: 'a', path: '/tmp/a' }],
      },
    });
    expect(result).toEqual({ exitCode: 0 });
    expect(await readFile(at('/argo/staging/script'), 'utf8')).toBe('print("hi")\n');
    expect(await readdir(at('/var/run/argo/output-paths'))).toEqual(['0', '1']);
    expect([await readFile(at('/var/run/argo/output-paths/0'), 'utf8'), await readFile(at('/var/run/argo/output-paths/1'), 'utf8')]).toEqual(['/tmp/p.txt', '/tmp/a']);
    const emissary = await readFile(at('/var/run/argo/emissary.sh'), 'utf8');
    expect(emissary.startsWith('#!/bin/sh')).toBe(true);
    expect((await stat(at('/var/run/argo/emissary.sh'))).mode & 0o777).toBe(0o755);
    execFileSync('dash', ['-n', at('/var/run/argo/emissary.sh')]);
  });

  it('stages nothing for a script template without source (Argo runs it like a container)', async () => {
    const { result, at } = await init({ name: 'generate', script: { image: 'argoproj/argosay:v2', args: ['echo', '[]'] } });
    expect(result).toEqual({ exitCode: 0 });
    await expect(stat(at('/argo/staging/script'))).rejects.toThrow(/ENOENT/);
    const empty = await init({ script: { image: 'alpine', command: ['sh'], source: '' } });
    expect(empty.result).toEqual({ exitCode: 0 });
    await expect(stat(empty.at('/argo/staging/script'))).rejects.toThrow(/ENOENT/);
  });

  it('completes a key-only s3 input artifact from the artifact repository', async () => {
    const s3Seen: { method?: string; url?: string; auth?: string }[] = [];
    const s3 = createServer((req, res) => {
      s3Seen.push({ method: req.method, url: req.url, auth: req.headers.authorization });
      if (req.method === 'GET' && req.url?.split('?')[0] === '/my-bucket/my-file') { res.writeHead(200); return res.end('key-only content\n'); }
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
    });
    await new Promise<void>((r) => s3.listen(0, '127.0.0.1', r));
    try {
      kube.secrets['argo/my-minio-cred'] = { accesskey: 'AKIDTEST', secretkey: 'secret' };
      const endpoint = `127.0.0.1:${(s3.address() as AddressInfo).port}`;
      const { result, at } = await init({
        inputs: { artifacts: [{ name: 'file', path: '/tmp/file', s3: { key: 'my-file' } }] },
        archiveLocation: { s3: {
          endpoint, insecure: true, bucket: 'my-bucket', key: 'wf/pod', keyFormat: '{{workflow.name}}/{{pod.name}}',
          accessKeySecret: { name: 'my-minio-cred', key: 'accesskey' }, secretKeySecret: { name: 'my-minio-cred', key: 'secretkey' },
        } },
      });
      expect(result).toEqual({ exitCode: 0 });
      expect(await readFile(at('/argo/inputs/artifacts/file'), 'utf8')).toBe('key-only content\n');
      expect(s3Seen[0]?.method).toBe('GET');
      expect(s3Seen[0]?.url?.split('?')[0]).toBe('/my-bucket/my-file');
      expect(s3Seen[0]?.auth).toContain('Credential=AKIDTEST/');
    } finally {
      await new Promise((r) => s3.close(r));
    }
  });

  it('loads raw input artifacts and applies mode', async () => {
    const { result, at } = await init({ inputs: { artifacts: [{ name: 'r', path: '/tmp/r.sh', mode: 0o700, raw: { data: 'echo raw' } }] } });
    expect(result.exitCode).toBe(0);
    expect(await readFile(at('/argo/inputs/artifacts/r'), 'utf8')).toBe('echo raw');
    expect((await stat(at('/argo/inputs/artifacts/r'))).mode & 0o777).toBe(0o700);
  });

  it('loads http artifacts with headers and basic auth from secrets, unpacking a tgz', async () => {
    files['/plain.txt'] = Buffer.from('plain http\n');
    const tarBytes = execFileSync('tar', ['-cf', '-', '-C', join(import.meta.dirname, '..'), 'log.ts']);
    files['/bundle.tgz'] = gzipSync(tarBytes);
    kube.secrets['argo/web'] = { user: 'alice', pass: 's3cret' };
    const { result, at } = await init({
      inputs: {
        artifacts: [
          { name: 'plain', path: '/tmp/plain.txt', http: { url: `${base}/plain.txt`, headers: [{ name: 'X-Test', value: 'y' }],
            auth: { basicAuth: { usernameSecret: { name: 'web', key: 'user' }, passwordSecret: { name: 'web', key: 'pass' } } } } },
          { name: 'bundle', path: '/src/log.ts', http: { url: `${base}/bundle.tgz` } },
        ],
      },
    });
    expect(result).toEqual({ exitCode: 0 });
    expect(await readFile(at('/argo/inputs/artifacts/plain'), 'utf8')).toBe('plain http\n');
    expect(seen.find((s) => s.url === '/plain.txt')?.auth).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    expect(await readFile(at('/argo/inputs/artifacts/bundle'), 'utf8')).toContain('logfmt');
    expect((await readdir(at('/argo/inputs/artifacts'))).sort()).toEqual(['bundle', 'plain']);
  });

  it('keeps an archive as-is with archive.none', async () => {
    files['/keep.tgz'] = gzipSync(Buffer.from('not unpacked'));
    const { result, at } = await init({ inputs: { artifacts: [{ name: 'k', path: '/k.tgz', archive: { none: {} }, http: { url: `${base}/keep.tgz` } }] } });
    expect(result.exitCode).toBe(0);
    expect(await readFile(at('/argo/inputs/artifacts/k'))).toEqual(files['/keep.tgz']);
  });

  it('skips a missing optional artifact and fails on a missing required one', async () => {
    const ok = await init({ inputs: { artifacts: [
      { name: 'gone', path: '/x', optional: true, http: { url: `${base}/gone` } },
      { name: 'unset', path: '/y', optional: true },
    ] } });
    expect(ok.result).toEqual({ exitCode: 0 });
    expect(await readdir(ok.at('/argo/inputs/artifacts')).catch(() => [])).toEqual([]);
    const bad = await init({ inputs: { artifacts: [{ name: 'gone', path: '/x', http: { url: `${base}/gone` } }] } });
    expect(bad.result.exitCode).toBe(1);
    expect(bad.result.message).toBe(`artifact "gone": GET ${base}/gone: HTTP 404 Not Found`);
    const unset = await init({ inputs: { artifacts: [{ name: 'need', path: '/x' }] } });
    expect(unset.result.message).toBe('input artifact "need": required but not supplied (no location and no "from")');
  });

  it('gives up on a persistent 5xx after retrying, with one message line', async () => {
    const before = seen.filter((s) => s.url === '/flaky-500').length;
    const { result } = await init({ inputs: { artifacts: [{ name: 'f', path: '/f', http: { url: `${base}/flaky-500` } }] } });
    expect(result.exitCode).toBe(1);
    expect(result.message).toMatch(/^load artifact "f": failed after 5 attempts: artifact "f": GET .*\/flaky-500: HTTP 500/);
    expect(seen.filter((s) => s.url === '/flaky-500').length - before).toBe(5);
  }, 20_000);

  it('refuses unsupported backends clearly', async () => {
    const { result } = await init({ inputs: { artifacts: [{ name: 'g', path: '/g', gcs: { bucket: 'b', key: 'k' } }] } });
    expect(result).toEqual({ exitCode: 1, message: 'artifact "g": gcs artifacts are not supported here (supported: s3, http, git, raw)' });
  });

  it('clones git artifacts at a revision from a local repository', async () => {
    const repoDir = await mkdtemp(join(tmpdir(), 'gitsrc-'));
    cleanup.push(repoDir);
    const g = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: repoDir }).toString().trim();
    g('init', '-q', '-b', 'main');
    await writeFile(join(repoDir, 'f.txt'), 'v1');
    g('add', '.'); g('commit', '-q', '-m', 'one');
    const first = g('rev-parse', 'HEAD');
    await writeFile(join(repoDir, 'f.txt'), 'v2');
    g('commit', '-q', '-am', 'two');
    const bare = `${repoDir}.git`;
    cleanup.push(bare);
    execFileSync('git', ['clone', '-q', '--bare', repoDir, bare]);
    const { result, at } = await init({ inputs: { artifacts: [
      { name: 'head', path: '/src', git: { repo: `file://${bare}`, depth: 1 } },
      { name: 'old', path: '/old', git: { repo: `file://${bare}`, revision: first } },
    ] } });
    expect(result).toEqual({ exitCode: 0 });
    expect(await readFile(at('/argo/inputs/artifacts/head/f.txt'), 'utf8')).toBe('v2');
    expect(await readFile(at('/argo/inputs/artifacts/old/f.txt'), 'utf8')).toBe('v1');
    const bad = await init({ inputs: { artifacts: [{ name: 'nope', path: '/n', git: { repo: `file://${bare}-missing` } }] } });
    expect(bad.result.exitCode).toBe(1);
    expect(bad.result.message).toMatch(/^load git artifact "nope" from file:\/\/.*: git clone exited 128: /);
  });

  it('rejects a broken ARGO_TEMPLATE with the field path', async () => {
    const { result } = await init({ inputs: { artifacts: [{ path: '/x' }] } });
    expect(result.exitCode).toBe(1);
    expect(result.message).toMatch(/^env ARGO_TEMPLATE: inputs\.artifacts\.0\.name: /);
  });

  it('stages into a directory that did not exist', async () => {
    const { ctx } = await init({});
    await mkdir(ctx.resolvePath('/argo'), { recursive: true });
    expect(await readdir(ctx.resolvePath('/var/run/argo/output-paths'))).toEqual([]);
  });
});
