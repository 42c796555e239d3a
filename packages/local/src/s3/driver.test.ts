import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { archiveStream, s3Driver, unpackTo, S3_FILE_PART_SIZE, type Artifact, type DriverDeps } from '@argo-ts/executor';
import { startS3Server, type S3Server } from './index.js';

// Multi-megabyte uploads on a shared 2-core machine.
jest.setTimeout(60_000);

/** The executor's S3 driver (the one workflow pods use) against the local S3 server. */
describe('executor S3 driver against the local S3 server', () => {
  let dir: string;
  let server: S3Server;
  let deps: DriverDeps;
  const secrets: Record<string, string> = { accesskey: 'admin', secretkey: 'password' };
  const art = (name: string, key: string, extra: object = {}): Artifact => ({
    name,
    s3: {
      endpoint: server.url.replace('http://', ''), insecure: true, bucket: 'my-bucket', key,
      accessKeySecret: { name: 'my-minio-cred', key: 'accesskey' }, secretKeySecret: { name: 'my-minio-cred', key: 'secretkey' },
    },
    ...extra,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3drv-'));
    server = await startS3Server({ dir: join(dir, 'store'), accessKey: 'admin', secretKey: 'password' });
    deps = { getSecret: async (ref) => secrets[ref.key]! };
    await mkdir(join(dir, 'store', 'my-bucket'), { recursive: true });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves and loads a file', async () => {
    const src = join(dir, 'hello.txt');
    await writeFile(src, 'hello s3\n');
    const d = s3Driver(deps);
    await d.save(src, art('a', 'wf/pod/hello.txt'));
    await d.load(art('a', 'wf/pod/hello.txt'), join(dir, 'loaded.txt'));
    expect(await readFile(join(dir, 'loaded.txt'), 'utf8')).toBe('hello s3\n');
    expect(await d.list(art('a', 'wf/pod/'))).toEqual(['wf/pod/hello.txt']);
    expect(await d.isDirectory!(art('a', 'wf/pod/hello.txt'))).toBe(false);
    expect(await d.isDirectory!(art('a', 'wf/pod'))).toBe(true);
  });

  it('streams a multipart upload of a tgz (larger than one part) and unpacks it back', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'sub'), { recursive: true });
    const random = randomBytes(20 * 1024 * 1024);
    await writeFile(join(tree, 'sub', 'random.bin'), random);
    await writeFile(join(tree, 'small.txt'), 'small');
    const a = art('tree', 'wf/pod/tree.tgz');
    await s3Driver(deps).saveStream(() => archiveStream(tree, 'tree', { tar: { compressionLevel: 1 } }).stream, a);
    await s3Driver(deps).load(a, join(dir, 'tree.tgz'));
    await unpackTo(join(dir, 'tree.tgz'), join(dir, 'tree-back'), 'tree');
    expect((await readFile(join(dir, 'tree-back', 'sub', 'random.bin'))).equals(random)).toBe(true);
    expect(await readFile(join(dir, 'tree-back', 'small.txt'), 'utf8')).toBe('small');
  }, 60_000);

  it('uploads a file bigger than one part straight from disk, part by part', async () => {
    const big = join(dir, 'big.bin');
    const data = randomBytes(S3_FILE_PART_SIZE + 12345);
    await writeFile(big, data);
    await s3Driver(deps).save(big, art('big', 'wf/pod/big.bin'));
    expect(await readdir(join(dir, 'store', '.s3uploads'))).toEqual([]);
    await s3Driver(deps).load(art('big', 'wf/pod/big.bin'), join(dir, 'big-back.bin'));
    expect((await readFile(join(dir, 'big-back.bin'))).equals(data)).toBe(true);
    const meta = JSON.parse(await readFile(join(dir, 'store', '.s3meta', 'my-bucket', 'wf', 'pod', 'big.bin.json'), 'utf8'));
    expect(meta.etag).toMatch(/-2"$/);
  });

  it('saves a directory un-archived (one object per file) and loads it back as a directory', async () => {
    const d = join(dir, 'plain-dir');
    await mkdir(join(d, 'x'), { recursive: true });
    await writeFile(join(d, 'x', 'one'), '1');
    await writeFile(join(d, 'two'), '2');
    await s3Driver(deps).save(d, art('dir', 'wf/pod/plain-dir'));
    expect(await s3Driver(deps).list(art('dir', 'wf/pod/plain-dir/'))).toEqual(['wf/pod/plain-dir/two', 'wf/pod/plain-dir/x/one']);
    await s3Driver(deps).load(art('dir', 'wf/pod/plain-dir'), join(dir, 'dir-back'));
    expect(await readFile(join(dir, 'dir-back', 'x', 'one'), 'utf8')).toBe('1');
    expect(await readFile(join(dir, 'dir-back', 'two'), 'utf8')).toBe('2');
  });

  it('opens a stream and deletes (object and prefix)', async () => {
    const d = s3Driver(deps);
    await d.saveStream(() => Readable.from([Buffer.from('streamed')]), art('s', 'del/file'));
    await d.saveStream(() => Readable.from([Buffer.from('x')]), art('s', 'del/dir/a'));
    await d.saveStream(() => Readable.from([Buffer.from('y')]), art('s', 'del/dir/b'));
    const chunks: Buffer[] = [];
    for await (const c of await d.openStream(art('s', 'del/file'))) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('streamed');
    await d.delete(art('s', 'del/dir'));
    expect(await d.list(art('s', 'del/'))).toEqual(['del/file']);
    await d.delete(art('s', 'del/file'));
    expect(await d.list(art('s', 'del/'))).toEqual([]);
  });

  it('names a missing key (permanent) and a wrong secret (permanent, not retried)', async () => {
    await expect(s3Driver(deps).load(art('m', 'nope/missing.tgz'), join(dir, 'm'))).rejects.toMatchObject({
      code: 'ArtifactNotFound', transient: false,
      message: `load artifact "m" from s3://my-bucket/nope/missing.tgz: no such key or prefix`,
    });
    const wrong = s3Driver({ getSecret: async (ref) => (ref.key === 'secretkey' ? 'wrong' : 'admin') });
    const err = await wrong.load(art('w', 'wf/pod/hello.txt'), join(dir, 'w')).catch((e) => e);
    expect(err).toMatchObject({ code: 'ArtifactRead', transient: false });
    expect(err.message).toMatch(/^load artifact "w" from s3:\/\/my-bucket\/wf\/pod\/hello.txt: SignatureDoesNotMatch \(HTTP 403\)/);
  });

  it('retries when the server is down, then fails with the attempt count', async () => {
    const down = art('d', 'k', {});
    (down.s3 as Record<string, unknown>).endpoint = '127.0.0.1:1';
    const src = join(dir, 'hello.txt');
    await expect(s3Driver(deps).saveStream(() => createReadStream(src), down)).rejects.toThrow(/failed after 5 attempts/);
  }, 20_000);
});
