import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile } from 'node:fs/promises';

import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { receiveBody } from './body.js';
import { S3Error } from './errors.js';
import type { DiskStore, ObjectMeta } from './store.js';
import { document } from './xml.js';



export interface Req { req: IncomingMessage; res: ServerResponse; bucket: string; key: string; query: URLSearchParams; payloadHash: string }

export function userMeta(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k] = v;
  return out;
}

export function metaHeaders(m: ObjectMeta): Record<string, string> {
  return {
    etag: m.etag, 'last-modified': new Date(m.lastModified).toUTCString(), 'content-type': m.contentType,
    'accept-ranges': 'bytes', ...m.userMeta,
  };
}

export async function putObject(store: DiskStore, r: Req): Promise<void> {
  await store.requireBucket(r.bucket);
  store.objectPath(r.bucket, r.key);
  const tmp = store.tempPath();
  const { size, etag: md5 } = await receiveBody(r.req, r.payloadHash, tmp);
  const meta: ObjectMeta = {
    etag: `"${md5}"`, size, lastModified: new Date().toISOString(),
    contentType: String(r.req.headers['content-type'] ?? 'application/octet-stream'), userMeta: userMeta(r.req),
  };
  await store.commit(r.bucket, r.key, tmp, meta);
  r.res.writeHead(200, { etag: meta.etag, 'content-length': '0' }).end();
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive [start, end], or undefined for the whole object. */
export function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  if (!header) return undefined;
  const m = header.match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') { start = Math.max(0, size - Number(m[2])); end = size - 1; }
  else { start = Number(m[1]); end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1); }
  if (start >= size || start > end) throw new S3Error('InvalidRange', `the requested range "${header}" is not satisfiable for an object of ${size} bytes`);
  return [start, end];
}

export async function getObject(store: DiskStore, r: Req, headOnly: boolean): Promise<void> {
  const meta = await store.head(r.bucket, r.key);
  const range = parseRange(r.req.headers.range, meta.size);
  const headers = metaHeaders(meta);
  if (range) {
    headers['content-range'] = `bytes ${range[0]}-${range[1]}/${meta.size}`;
    headers['content-length'] = String(range[1] - range[0] + 1);
  } else {
    headers['content-length'] = String(meta.size);
  }
  r.res.writeHead(range ? 206 : 200, headers);
  if (headOnly || meta.size === 0) return void r.res.end();
  const path = store.objectPath(r.bucket, r.key);
  await pipeline(createReadStream(path, range ? { start: range[0], end: range[1], highWaterMark: 1 << 20 } : { highWaterMark: 1 << 20 }), r.res);
}

export async function deleteObject(store: DiskStore, r: Req): Promise<void> {
  await store.delete(r.bucket, r.key);
  r.res.writeHead(204).end();
}

export async function copyObject(store: DiskStore, r: Req): Promise<void> {
  const source = decodeURIComponent(String(r.req.headers['x-amz-copy-source']).split('?')[0]!).replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash <= 0) throw new S3Error('InvalidArgument', `x-amz-copy-source "${source}" must be "bucket/key"`);
  const srcBucket = source.slice(0, slash);
  const srcKey = source.slice(slash + 1);
  const srcMeta = await store.head(srcBucket, srcKey);
  await store.requireBucket(r.bucket);
  const tmp = store.tempPath();
  await copyFile(store.objectPath(srcBucket, srcKey), tmp);
  const replace = r.req.headers['x-amz-metadata-directive'] === 'REPLACE';
  const meta: ObjectMeta = {
    ...srcMeta, lastModified: new Date().toISOString(),
    ...(replace ? { contentType: String(r.req.headers['content-type'] ?? srcMeta.contentType), userMeta: userMeta(r.req) } : {}),
  };
  await store.commit(r.bucket, r.key, tmp, meta);
  const body = document('CopyObjectResult', { LastModified: meta.lastModified, ETag: meta.etag });
  r.res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
}

/** ETag of a multipart object: md5 of the parts' binary md5s, "-<count>". */
export function multipartEtag(partMd5s: string[]): string {
  const h = createHash('md5');
  for (const m of partMd5s) h.update(Buffer.from(m, 'hex'));
  return `"${h.digest('hex')}-${partMd5s.length}"`;
}
