import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readSmallBody, receiveBody } from './body.js';
import { S3Error } from './errors.js';
import { multipartEtag, userMeta, type Req } from './objects.js';
import type { DiskStore, ObjectMeta } from './store.js';
import { document, elements, text } from './xml.js';

interface Upload { bucket: string; key: string; contentType: string; userMeta: Record<string, string> }

const uploadDir = (store: DiskStore, id: string) => {
  if (!/^[0-9a-f]{32}$/.test(id)) throw new S3Error('NoSuchUpload', `the specified upload "${id}" does not exist`);
  return join(store.dir, '.s3uploads', id);
};

async function loadUpload(store: DiskStore, r: Req): Promise<{ dir: string; upload: Upload }> {
  const id = r.query.get('uploadId') ?? '';
  const dir = uploadDir(store, id);
  const upload = await readFile(join(dir, 'upload.json'), 'utf8').then((t) => JSON.parse(t) as Upload, () => undefined);
  if (!upload || upload.bucket !== r.bucket || upload.key !== r.key) throw new S3Error('NoSuchUpload', `the specified upload "${id}" does not exist`);
  return { dir, upload };
}

export async function createUpload(store: DiskStore, r: Req): Promise<void> {
  await store.requireBucket(r.bucket);
  store.objectPath(r.bucket, r.key);
  const id = randomBytes(16).toString('hex');
  const dir = uploadDir(store, id);
  await mkdir(dir, { recursive: true });
  const upload: Upload = { bucket: r.bucket, key: r.key, contentType: String(r.req.headers['content-type'] ?? 'application/octet-stream'), userMeta: userMeta(r.req) };
  await writeFile(join(dir, 'upload.json'), JSON.stringify(upload));
  r.res.writeHead(200, { 'content-type': 'application/xml' })
    .end(document('InitiateMultipartUploadResult', { Bucket: r.bucket, Key: r.key, UploadId: id }));
}

export async function uploadPart(store: DiskStore, r: Req): Promise<void> {
  const { dir } = await loadUpload(store, r);
  const n = Number(r.query.get('partNumber'));
  if (!Number.isInteger(n) || n < 1 || n > 10000) throw new S3Error('InvalidArgument', 'partNumber must be an integer from 1 to 10000');
  const tmp = store.tempPath();
  const { etag: md5 } = await receiveBody(r.req, r.payloadHash, tmp, 'crc32');
  await rename(tmp, join(dir, `part-${n}`));
  await writeFile(join(dir, `part-${n}.md5`), md5);
  r.res.writeHead(200, { etag: `"${md5}"`, 'content-length': '0' }).end();
}

export async function completeUpload(store: DiskStore, r: Req): Promise<void> {
  const { dir, upload } = await loadUpload(store, r);
  const xml = await readSmallBody(r.req, r.payloadHash);
  const parts = elements(xml, 'Part').map((p) => ({ n: Number(text(p, 'PartNumber')), etag: (text(p, 'ETag') ?? '').replace(/"/g, '') }));
  if (parts.length === 0) throw new S3Error('MalformedXML', 'CompleteMultipartUpload lists no parts');
  for (let i = 1; i < parts.length; i++) if (parts[i]!.n <= parts[i - 1]!.n) throw new S3Error('InvalidPartOrder', 'parts must be listed in ascending order');
  const md5s: string[] = [];
  for (const p of parts) {
    const md5 = await readFile(join(dir, `part-${p.n}.md5`), 'utf8').catch(() => undefined);
    if (!md5 || md5 !== p.etag) throw new S3Error('InvalidPart', `part ${p.n} was not uploaded or its ETag does not match`);
    md5s.push(md5);
  }
  const tmp = store.tempPath();
  let size = 0;
  // One pipeline over all parts in order: the parts are read one after another, never held in memory.
  async function* concatenated(): AsyncGenerator<Buffer> {
    for (const p of parts) {
      for await (const c of createReadStream(join(dir, `part-${p.n}`), { highWaterMark: 1 << 20 })) {
        size += (c as Buffer).length;
        yield c as Buffer;
      }
    }
  }
  try {
    await pipeline(Readable.from(concatenated()), createWriteStream(tmp));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const meta: ObjectMeta = { etag: multipartEtag(md5s), size, lastModified: new Date().toISOString(), contentType: upload.contentType, userMeta: upload.userMeta };
  await store.commit(r.bucket, r.key, tmp, meta);
  await rm(dir, { recursive: true, force: true });
  r.res.writeHead(200, { 'content-type': 'application/xml' }).end(document('CompleteMultipartUploadResult', {
    Location: `/${r.bucket}/${r.key}`, Bucket: r.bucket, Key: r.key, ETag: meta.etag,
  }));
}

export async function abortUpload(store: DiskStore, r: Req): Promise<void> {
  const { dir } = await loadUpload(store, r);
  await rm(dir, { recursive: true, force: true });
  r.res.writeHead(204).end();
}

export async function listParts(store: DiskStore, r: Req): Promise<void> {
  const { dir } = await loadUpload(store, r);
  const names = (await readdir(dir)).filter((n) => /^part-\d+$/.test(n)).map((n) => Number(n.slice(5))).sort((a, b) => a - b);
  const parts = [];
  for (const n of names) parts.push({ PartNumber: n, ETag: `"${await readFile(join(dir, `part-${n}.md5`), 'utf8')}"` });
  r.res.writeHead(200, { 'content-type': 'application/xml' }).end(document('ListPartsResult', {
    Bucket: r.bucket, Key: r.key, UploadId: r.query.get('uploadId'), IsTruncated: false, Part: parts,
  }));
}
