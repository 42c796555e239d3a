import type { S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ExecutorError } from '../../errors.js';
import { withRetry } from '../../retry.js';
import type { Artifact, S3Location } from '../../template.js';
import type { ArtifactDriver, DriverDeps, DriverFactory } from '../driver.js';
import { listFiles, streamToFile } from '../fsutil.js';
import { makeS3Client, s3Error, skipPayloadHash } from './client.js';
import { uploadStream } from './multipart.js';

/** The SDK is loaded on first use, so importing the executor stays light. */
const sdk = () => import('@aws-sdk/client-s3');

/**
 * Streamed uploads hold their parts: (queue + 1) × part size bounds the upload's footprint
 * (see multipart.ts). 5 MiB is S3's minimum part; the size grows for very large uploads.
 */
export const S3_PART_SIZE = 5 * 1024 * 1024;
export const S3_QUEUE_SIZE = 2;
/** Files are uploaded part by part straight from disk (nothing buffered), so their parts can be large. */
export const S3_FILE_PART_SIZE = 16 * 1024 * 1024;

interface Target { loc: S3Location; bucket: string; key: string; where: string }

function target(a: Artifact): Target {
  const loc = a.s3;
  if (!loc) throw new ExecutorError('BadTemplate', `artifact "${a.name}": s3 location is missing`);
  if (!loc.bucket) throw new ExecutorError('BadTemplate', `artifact "${a.name}": s3.bucket is missing`);
  if (loc.key === undefined) throw new ExecutorError('BadTemplate', `artifact "${a.name}": s3.key is missing`);
  return { loc, bucket: loc.bucket, key: loc.key.replace(/^\/+/, ''), where: `s3://${loc.bucket}/${loc.key}` };
}

const dirPrefix = (key: string) => (key === '' || key.endsWith('/') ? key : `${key}/`);

/** S3 (and S3-compatible) artifacts: streamed downloads, multipart streamed uploads, prefixes as directories. */
export const s3Driver: DriverFactory = (deps: DriverDeps): ArtifactDriver => {
  const clients = new Map<string, Promise<S3Client>>();
  const client = (t: Target, what: string) => {
    const id = JSON.stringify([t.loc.endpoint, t.loc.region, t.loc.insecure, t.loc.accessKeySecret, t.loc.secretKeySecret]);
    let c = clients.get(id);
    if (!c) { c = makeS3Client(t.loc, deps, what); clients.set(id, c); }
    return c;
  };
  const retry = <T>(what: string, write: boolean, fn: () => Promise<T>) =>
    withRetry(async () => { try { return await fn(); } catch (err) { throw s3Error(err, what, write); } }, { what, signal: deps.signal });

  async function listKeys(t: Target, prefix: string): Promise<string[]> {
    const c = await client(t, t.where);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const { ListObjectsV2Command } = await sdk();
      const page = await retry(`list ${t.where}`, false, () =>
        c.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: deps.signal }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** One GET, not retried: callers retry the whole read so a broken stream is retried too. */
  async function getStream(t: Target, key: string, what: string): Promise<Readable> {
    const c = await client(t, what);
    try {
      const res = await c.send(new (await sdk()).GetObjectCommand({ Bucket: t.bucket, Key: key }), { abortSignal: deps.signal });
      return res.Body as Readable;
    } catch (err) {
      throw s3Error(err, what, false);
    }
  }

  async function upload(t: Target, key: string, open: () => Readable, what: string): Promise<void> {
    const c = await client(t, what);
    try {
      await uploadStream(open(), {
        client: c, bucket: t.bucket, key, partSize: S3_PART_SIZE, queueSize: S3_QUEUE_SIZE, signal: deps.signal,
        retry: (fn) => retry(what, true, fn),
      });
    } catch (err) {
      // A local failure (the archive's source vanished) is named like a failed write, and not retried.
      throw s3Error(err, what, true);
    }
  }

  /**
   * A file of known size: each part is a range of the file streamed as the
   * request body, two at a time, each retried on its own. Needs an unsigned
   * payload (TLS or loopback); otherwise the SDK would have to hash, hence buffer, each part.
   */
  async function uploadFile(t: Target, key: string, src: string, size: number, what: string): Promise<void> {
    if (size <= S3_FILE_PART_SIZE || !skipPayloadHash(t.loc)) {
      return upload(t, key, () => createReadStream(src, { highWaterMark: 1 << 20 }), what);
    }
    const c = await client(t, what);
    const s = await sdk();
    const Bucket = t.bucket;
    const created = await retry(what, true, () => c.send(new s.CreateMultipartUploadCommand({ Bucket, Key: key }), { abortSignal: deps.signal }));
    const UploadId = created.UploadId!;
    const count = Math.ceil(size / S3_FILE_PART_SIZE);
    const etags: string[] = new Array<string>(count);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < count; i = next++) {
        const start = i * S3_FILE_PART_SIZE;
        const end = Math.min(size, start + S3_FILE_PART_SIZE) - 1;
        const res = await retry(what, true, () => c.send(new s.UploadPartCommand({
          Bucket, Key: key, UploadId, PartNumber: i + 1, ContentLength: end - start + 1,
          Body: createReadStream(src, { start, end, highWaterMark: 1 << 20 }),
        }), { abortSignal: deps.signal }));
        etags[i] = res.ETag!;
      }
    };
    try {
      await Promise.all(Array.from({ length: S3_QUEUE_SIZE }, worker));
      await retry(what, true, () => c.send(new s.CompleteMultipartUploadCommand({
        Bucket, Key: key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }), { abortSignal: deps.signal }));
    } catch (err) {
      await c.send(new s.AbortMultipartUploadCommand({ Bucket, Key: key, UploadId })).catch(() => undefined);
      throw err;
    }
  }

  const driver: ArtifactDriver = {
    async load(a, dest) {
      const t = target(a);
      const what = `load artifact "${a.name}" from ${t.where}`;
      try {
        await retry(what, false, async () => streamToFile(await getStream(t, t.key, what), dest));
        return;
      } catch (err) {
        if (!(err instanceof ExecutorError) || err.code !== 'ArtifactNotFound') throw err;
        // Argo stores un-archived directories as one object per file under `key/`.
        const prefix = dirPrefix(t.key);
        const keys = await listKeys(t, prefix);
        if (keys.length === 0) throw new ExecutorError('ArtifactNotFound', `${what}: no such key or prefix`);
        for (const k of keys) {
          if (k.endsWith('/')) continue;
          await retry(what, false, async () => streamToFile(await getStream(t, k, what), join(dest, k.slice(prefix.length))));
        }
      }
    },
    async save(src, a) {
      const t = target(a);
      const what = `save artifact "${a.name}" to ${t.where}`;
      const st = await stat(src);
      if (!st.isDirectory()) return uploadFile(t, t.key, src, st.size, what);
      const prefix = dirPrefix(t.key);
      for (const rel of await listFiles(src)) {
        await uploadFile(t, prefix + rel, join(src, rel), (await stat(join(src, rel))).size, what);
      }
    },
    async saveStream(open, a) {
      const t = target(a);
      await upload(t, t.key, open, `save artifact "${a.name}" to ${t.where}`);
    },
    async openStream(a) {
      const t = target(a);
      const what = `read artifact "${a.name}" from ${t.where}`;
      return retry(what, false, () => getStream(t, t.key, what));
    },
    async list(a) {
      const t = target(a);
      return listKeys(t, t.key);
    },
    async isDirectory(a) {
      const t = target(a);
      if (t.key.endsWith('/')) return true;
      const c = await client(t, t.where);
      try {
        const { HeadObjectCommand } = await sdk();
        await retry(`stat ${t.where}`, false, () => c.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.key })));
        return false;
      } catch (err) {
        if (err instanceof ExecutorError && err.code === 'ArtifactNotFound') return (await listKeys(t, dirPrefix(t.key))).length > 0;
        throw err;
      }
    },
    async delete(a) {
      const t = target(a);
      const keys = [t.key, ...(await listKeys(t, dirPrefix(t.key)))];
      const c = await client(t, t.where);
      const { DeleteObjectsCommand } = await sdk();
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
        await retry(`delete ${t.where}`, true, () =>
          c.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: batch, Quiet: true } })));
      }
    },
  };
  return driver;
};
