import { chmod, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { DeclaredOutput } from '../outputs-list.js';
import type { Template } from '../template.js';
import { saveArtifacts, stageUnderOriginalName } from './artifacts.js';

describe('stageUnderOriginalName', () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'stage-'))));
  afterEach(async () => rm(root, { recursive: true, force: true }));

  async function tree(): Promise<string> {
    const copy = join(root, '0');
    await mkdir(join(copy, 'inner'), { recursive: true });
    await writeFile(join(copy, 'inner', 'a.txt'), 'a');
    await chmod(join(copy, 'inner', 'a.txt'), 0o640);
    await symlink('inner/a.txt', join(copy, 'link'));
    return copy;
  }

  it('moves the copy under a folder named for the original path', async () => {
    const copy = await tree();
    const staged = await stageUnderOriginalName(copy, '/outer');
    expect(staged).toBe(join(root, '0.staged', 'outer'));
    expect(await readFile(join(staged, 'inner', 'a.txt'), 'utf8')).toBe('a');
    await expect(stat(copy)).rejects.toThrow(/ENOENT/);
  });

  it("copies instead when the move is refused (a directory main made as another user: wait may not rewrite its '..')", async () => {
    const copy = await tree();
    const refuse = async () => { throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' }); };
    const staged = await stageUnderOriginalName(copy, '/outer', refuse);
    expect(await readFile(join(staged, 'inner', 'a.txt'), 'utf8')).toBe('a');
    expect((await stat(join(staged, 'inner', 'a.txt'))).mode & 0o777).toBe(0o640);
    expect(await readlink(join(staged, 'link'))).toBe('inner/a.txt');
  });

  it('other errors still fail', async () => {
    const copy = await tree();
    const broken = async () => { throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }); };
    await expect(stageUnderOriginalName(copy, '/outer', broken)).rejects.toThrow(/EIO/);
  });
});

describe('saveArtifacts run a second time (the in-process wait again after a daemon restart)', () => {
  let root: string;
  let server: Server;
  const puts: Array<{ url: string; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { puts.push({ url: req.url!, body }); res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'stage-again-'))));
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('finds the copy where the first run staged it and uploads it', async () => {
    const outputs = join(root, 'var/run/argo/outputs');
    await mkdir(outputs, { recursive: true });
    await writeFile(join(outputs, '0'), 'payload');
    // The first wait moved the copy, then died before uploading.
    await stageUnderOriginalName(join(outputs, '0'), '/tmp/out.txt');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/out.txt`;
    const template = { name: 'make', outputs: { artifacts: [{ name: 'out', path: '/tmp/out.txt', archive: { none: {} }, http: { url } }] } } as Template;
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;
    const saved = await saveArtifacts(template, [{ kind: 'artifact', name: 'out', path: '/tmp/out.txt', index: 0 }] as DeclaredOutput[], {
      env: {}, resolvePath: (p) => join(root, p), deps: { getSecret: async () => '' }, log,
    });
    expect(saved.map((a) => a.name)).toEqual(['out']);
    expect(puts).toEqual([{ url: '/out.txt', body: 'payload' }]);
  });
});
