import { jest } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadS3Sdk } from './sdk.js';
import { startS3Server, type S3Server } from './index.js';

const sdk = loadS3Sdk();
jest.setTimeout(30_000);
const KEYS = { accessKey: 'admin', secretKey: 'password' };

describe('local S3 server with @aws-sdk/client-s3', () => {
  let dir: string;
  let server: S3Server;
  let s3: any;
  const body = async (res: any) => Buffer.from(await res.Body.transformToByteArray());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3srv-'));
    server = await startS3Server({ dir, ...KEYS });
    s3 = new sdk.S3Client({
      endpoint: server.url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1,
      credentials: { accessKeyId: KEYS.accessKey, secretAccessKey: KEYS.secretKey },
    });
    await s3.send(new sdk.CreateBucketCommand({ Bucket: 'my-bucket' }));
  });
  afterAll(async () => {
    s3.destroy();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists and heads buckets', async () => {
    const res = await s3.send(new sdk.ListBucketsCommand({}));
    expect(res.Buckets.map((b: any) => b.Name)).toEqual(['my-bucket']);
    await s3.send(new sdk.HeadBucketCommand({ Bucket: 'my-bucket' }));
    await expect(s3.send(new sdk.HeadBucketCommand({ Bucket: 'nope-bucket' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('puts and gets objects (string, buffer, stream with the SDK default checksums), with metadata', async () => {
    const put = await s3.send(new sdk.PutObjectCommand({ Bucket: 'my-bucket', Key: 'a/b/hello.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { tag: 'x' } }));
    expect(put.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    const got = await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'a/b/hello.txt' }));
    expect((await body(got)).toString()).toBe('hello world');
    expect(got.ContentType).toBe('text/plain');
    expect(got.Metadata).toEqual({ tag: 'x' });
    expect(got.ETag).toBe(put.ETag);
    const head = await s3.send(new sdk.HeadObjectCommand({ Bucket: 'my-bucket', Key: 'a/b/hello.txt' }));
    expect(head.ContentLength).toBe(11);
    await expect(s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('decodes aws-chunked uploads (streamed body, default checksum trailer)', async () => {
    const { Readable } = await import('node:stream');
    const data = Buffer.alloc(300_000, 7);
    await s3.send(new sdk.PutObjectCommand({ Bucket: 'my-bucket', Key: 'streamed.bin', Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    const got = await body(await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'streamed.bin' })));
    expect(got.equals(data)).toBe(true);
  });

  it('serves ranges', async () => {
    await s3.send(new sdk.PutObjectCommand({ Bucket: 'my-bucket', Key: 'range.txt', Body: '0123456789' }));
    const r = async (Range: string) => (await body(await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'range.txt', Range })))).toString();
    expect(await r('bytes=2-4')).toBe('234');
    expect(await r('bytes=7-')).toBe('789');
    expect(await r('bytes=-3')).toBe('789');
    expect(await r('bytes=5-100')).toBe('56789');
    const res = await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'range.txt', Range: 'bytes=1-2' }));
    expect(res.ContentRange).toBe('bytes 1-2/10');
    await expect(r('bytes=20-30')).rejects.toMatchObject({ $metadata: { httpStatusCode: 416 } });
  });

  it('lists with prefix, delimiter and continuation', async () => {
    await s3.send(new sdk.CreateBucketCommand({ Bucket: 'list-bucket' }));
    const keys = ['a.txt', 'd1/x', 'd1/y', 'd2/z/w', 'e.txt', 'f/g'];
    for (const Key of keys) await s3.send(new sdk.PutObjectCommand({ Bucket: 'list-bucket', Key, Body: Key }));
    const all = await s3.send(new sdk.ListObjectsV2Command({ Bucket: 'list-bucket' }));
    expect(all.Contents.map((c: any) => c.Key)).toEqual(keys);
    expect(all.Contents[0].Size).toBe(5);
    const top = await s3.send(new sdk.ListObjectsV2Command({ Bucket: 'list-bucket', Delimiter: '/' }));
    expect(top.Contents.map((c: any) => c.Key)).toEqual(['a.txt', 'e.txt']);
    expect(top.CommonPrefixes.map((c: any) => c.Prefix)).toEqual(['d1/', 'd2/', 'f/']);
    const d1 = await s3.send(new sdk.ListObjectsV2Command({ Bucket: 'list-bucket', Prefix: 'd1/' }));
    expect(d1.Contents.map((c: any) => c.Key)).toEqual(['d1/x', 'd1/y']);
    // Pages of 2 with a delimiter: a prefix group counts once and is never split across pages.
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: 'list-bucket', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c: any) => c.Key), ...(page.CommonPrefixes ?? []).map((c: any) => c.Prefix));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(['a.txt', 'd1/', 'd2/', 'e.txt', 'f/']);
    expect(pages).toBe(3);
  });

  it('copies and deletes objects (single and batch), pruning empty folders', async () => {
    await s3.send(new sdk.PutObjectCommand({ Bucket: 'my-bucket', Key: 'src/one.txt', Body: 'one' }));
    await s3.send(new sdk.CopyObjectCommand({ Bucket: 'my-bucket', Key: 'dst/copy.txt', CopySource: 'my-bucket/src/one.txt' }));
    expect((await body(await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'dst/copy.txt' })))).toString()).toBe('one');
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: 'my-bucket', Key: 'dst/copy.txt' }));
    await expect(s3.send(new sdk.HeadObjectCommand({ Bucket: 'my-bucket', Key: 'dst/copy.txt' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const res = await s3.send(new sdk.DeleteObjectsCommand({ Bucket: 'my-bucket', Delete: { Objects: [{ Key: 'src/one.txt' }, { Key: 'never-there' }] } }));
    expect(res.Deleted.map((d: any) => d.Key).sort()).toEqual(['never-there', 'src/one.txt']);
    expect(await readdir(join(dir, 'my-bucket'))).not.toContain('src');
  });

  it('does multipart uploads (complete and abort)', async () => {
    const create = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: 'my-bucket', Key: 'big/multi.bin' }));
    const p1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const p2 = Buffer.from('tail');
    const e1 = await s3.send(new sdk.UploadPartCommand({ Bucket: 'my-bucket', Key: 'big/multi.bin', UploadId: create.UploadId, PartNumber: 1, Body: p1 }));
    const e2 = await s3.send(new sdk.UploadPartCommand({ Bucket: 'my-bucket', Key: 'big/multi.bin', UploadId: create.UploadId, PartNumber: 2, Body: p2 }));
    const done = await s3.send(new sdk.CompleteMultipartUploadCommand({
      Bucket: 'my-bucket', Key: 'big/multi.bin', UploadId: create.UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] },
    }));
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const got = await body(await s3.send(new sdk.GetObjectCommand({ Bucket: 'my-bucket', Key: 'big/multi.bin' })));
    expect(got.length).toBe(p1.length + 4);
    expect(got.subarray(-4).toString()).toBe('tail');
    const aborted = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: 'my-bucket', Key: 'big/aborted.bin' }));
    await s3.send(new sdk.UploadPartCommand({ Bucket: 'my-bucket', Key: 'big/aborted.bin', UploadId: aborted.UploadId, PartNumber: 1, Body: 'x' }));
    await s3.send(new sdk.AbortMultipartUploadCommand({ Bucket: 'my-bucket', Key: 'big/aborted.bin', UploadId: aborted.UploadId }));
    await expect(s3.send(new sdk.UploadPartCommand({ Bucket: 'my-bucket', Key: 'big/aborted.bin', UploadId: aborted.UploadId, PartNumber: 2, Body: 'y' })))
      .rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect(await readdir(join(dir, '.s3uploads'))).toEqual([]);
  });

  it('refuses a wrong secret key and an unknown access key', async () => {
    const bad = (accessKeyId: string, secretAccessKey: string) => new sdk.S3Client({
      endpoint: server.url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId, secretAccessKey },
    });
    await expect(bad('admin', 'wrong').send(new sdk.ListBucketsCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(bad('intruder', 'password').send(new sdk.ListBucketsCommand({}))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    const res = await fetch(`${server.url}/my-bucket/a/b/hello.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses keys that would leave the bucket folder', async () => {
    await expect(s3.send(new sdk.PutObjectCommand({ Bucket: 'my-bucket', Key: 'x/../../escape', Body: 'no' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(await readdir(dir)).not.toContain('escape');
  });
});
