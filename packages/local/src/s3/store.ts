/**
 * Objects on disk: data at `<dir>/<bucket>/<key>`, metadata sidecars at
 * `<dir>/.s3meta/<bucket>/<key>.json`, uploads in progress under
 * `<dir>/.s3uploads`, temp files under `<dir>/.s3tmp`. Every write lands in
 * a temp file first and is renamed into place, so readers never see half an
 * object. Bucket names cannot start with '.', so they never meet these dirs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { S3Error } from './errors.js';

export interface ObjectMeta {
  etag: string;          // with quotes, as S3 sends it
  size: number;
  lastModified: string;  // ISO
  contentType: string;
  userMeta: Record<string, string>;
}

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export class DiskStore {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    for (const d of ['.s3meta', '.s3uploads', '.s3tmp']) await mkdir(join(this.dir, d), { recursive: true });
  }

  tempPath(): string {
    return join(this.dir, '.s3tmp', randomBytes(12).toString('hex'));
  }

  checkBucketName(bucket: string): void {
    if (!BUCKET_RE.test(bucket) || bucket.includes('..')) throw new S3Error('InvalidBucketName', `the specified bucket "${bucket}" is not valid`);
  }

  bucketPath(bucket: string): string {
    this.checkBucketName(bucket);
    return join(this.dir, bucket);
  }

  /** Keys map to paths; segments that would climb out or hide in our dirs are refused. */
  objectPath(bucket: string, key: string): string {
    if (key === '' || key.length > 1024) throw new S3Error('InvalidArgument', 'object key must be 1-1024 characters');
    const segs = key.split('/');
    if (key.startsWith('/') || key.endsWith('/') || segs.some((s) => s === '' || s === '.' || s === '..') || key.includes('\0')) {
      throw new S3Error('InvalidArgument', `object key "${key}" is not supported by the local store (empty, "." or ".." segments, or a trailing "/")`);
    }
    return join(this.bucketPath(bucket), ...segs);
  }

  metaPath(bucket: string, key: string): string {
    this.objectPath(bucket, key);
    return join(this.dir, '.s3meta', bucket, ...key.split('/')) + '.json';
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return (await stat(this.bucketPath(bucket)).catch(() => undefined))?.isDirectory() ?? false;
  }

  async requireBucket(bucket: string): Promise<void> {
    if (!(await this.bucketExists(bucket))) throw new S3Error('NoSuchBucket', `the specified bucket "${bucket}" does not exist`);
  }

  async createBucket(bucket: string): Promise<void> {
    await mkdir(this.bucketPath(bucket), { recursive: true });
  }

  async deleteBucket(bucket: string): Promise<void> {
    await this.requireBucket(bucket);
    if ((await this.listKeys(bucket, '')).length) throw new S3Error('BucketNotEmpty', `the bucket "${bucket}" is not empty`);
    await rm(this.bucketPath(bucket), { recursive: true, force: true });
    await rm(join(this.dir, '.s3meta', bucket), { recursive: true, force: true });
  }

  async listBuckets(): Promise<{ name: string; created: Date }[]> {
    const entries = await readdir(this.dir, { withFileTypes: true });
    const out = [];
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      out.push({ name: e.name, created: (await stat(join(this.dir, e.name))).birthtime });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async head(bucket: string, key: string): Promise<ObjectMeta> {
    await this.requireBucket(bucket);
    const path = this.objectPath(bucket, key);
    const st = await stat(path).catch(() => undefined);
    if (!st || !st.isFile()) throw new S3Error('NoSuchKey', `the specified key "${key}" does not exist`);
    const meta = await readFile(this.metaPath(bucket, key), 'utf8').then((t) => JSON.parse(t) as ObjectMeta, () => undefined);
    if (meta && meta.size === st.size) return meta;
    return { etag: `"${st.size.toString(16)}-${st.mtimeMs.toString(16)}"`, size: st.size, lastModified: st.mtime.toISOString(), contentType: 'application/octet-stream', userMeta: {} };
  }

  /** Moves a finished temp file into place as `key`, then its metadata. */
  async commit(bucket: string, key: string, tmp: string, meta: ObjectMeta): Promise<void> {
    await this.requireBucket(bucket);
    const path = this.objectPath(bucket, key);
    const metaPath = this.metaPath(bucket, key);
    try {
      await mkdir(dirname(path), { recursive: true });
      const existing = await stat(path).catch(() => undefined);
      if (existing?.isDirectory()) throw new S3Error('KeyConflict', `key "${key}" is also a prefix of other keys; the local store cannot hold both`);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      if (err instanceof S3Error) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new S3Error('KeyConflict', `key "${key}" runs through an existing object; the local store cannot hold both`);
      }
      throw err;
    }
    await mkdir(dirname(metaPath), { recursive: true });
    const metaTmp = this.tempPath();
    await writeFile(metaTmp, JSON.stringify(meta));
    await rename(metaTmp, metaPath);
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.requireBucket(bucket);
    const path = this.objectPath(bucket, key);
    const st = await stat(path).catch(() => undefined);
    if (st?.isFile()) await rm(path, { force: true });
    await rm(this.metaPath(bucket, key), { force: true });
    await this.pruneEmpty(dirname(path), this.bucketPath(bucket));
    await this.pruneEmpty(dirname(this.metaPath(bucket, key)), join(this.dir, '.s3meta', bucket));
  }

  /** Removes now-empty parent folders so deleted prefixes disappear from listings. */
  private async pruneEmpty(from: string, stop: string): Promise<void> {
    for (let d = from; d.startsWith(stop + sep); d = dirname(d)) {
      try { await rmdir(d); } catch { return; }
    }
  }

  /** All keys under `prefix`, sorted as S3 sorts them (by UTF-8 bytes; code units for ASCII keys). */
  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const root = this.bucketPath(bucket);
    // Only walk the deepest folder the prefix names.
    const cut = prefix.lastIndexOf('/');
    const start = cut >= 0 ? join(root, ...prefix.slice(0, cut).split('/').filter(Boolean)) : root;
    const entries = await readdir(start, { recursive: true, withFileTypes: true }).catch(() => []);
    const keys: string[] = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const key = relative(root, join(e.parentPath, e.name)).split(sep).join('/');
      if (key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
}
