import type { IncomingMessage, ServerResponse } from 'node:http';
import { readSmallBody } from './body.js';
import { S3Error } from './errors.js';
import type { DiskStore } from './store.js';
import { document, elements, text } from './xml.js';

export interface BucketReq { req: IncomingMessage; res: ServerResponse; bucket: string; query: URLSearchParams; payloadHash: string }

const xml = (res: ServerResponse, body: string, status = 200) =>
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);

export async function listBuckets(store: DiskStore, res: ServerResponse, owner: string): Promise<void> {
  const buckets = await store.listBuckets();
  xml(res, document('ListAllMyBucketsResult', {
    Owner: { ID: owner, DisplayName: owner },
    Buckets: { Bucket: buckets.map((b) => ({ Name: b.name, CreationDate: b.created.toISOString() })) },
  }));
}

/**
 * ListObjectsV2 (and V1 with `marker`): keys in byte order after the
 * continuation point, grouped by `delimiter` into CommonPrefixes; a prefix
 * group counts once toward max-keys, as in S3.
 */
export async function listObjects(store: DiskStore, r: BucketReq): Promise<void> {
  await store.requireBucket(r.bucket);
  const q = r.query;
  const v2 = q.get('list-type') === '2';
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000)));
  const token = q.get('continuation-token');
  // A continuation point is the last key returned, or the last common prefix (whose keys are all skipped).
  const after = v2 ? (token ? Buffer.from(token, 'base64url').toString('utf8') : q.get('start-after') ?? '') : q.get('marker') ?? '';
  const urlEncode = q.get('encoding-type') === 'url';
  const enc = (s: string) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const skipGroup = delimiter && after.endsWith(delimiter) ? after : undefined;
  const keys = (await store.listKeys(r.bucket, prefix)).filter((k) => k > after && !(skipGroup && k.startsWith(skipGroup)));
  const contents: Record<string, unknown>[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of keys) {
    const i = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const group = i >= 0 ? key.slice(0, i + delimiter.length) : undefined;
    if (group !== undefined && group === prefixes[prefixes.length - 1]) continue;
    if (contents.length + prefixes.length >= maxKeys) { truncated = true; break; }
    if (group !== undefined) {
      prefixes.push(group);
      last = group;
      continue;
    }
    const m = await store.head(r.bucket, key);
    contents.push({ Key: enc(key), LastModified: m.lastModified, ETag: m.etag, Size: m.size, StorageClass: 'STANDARD' });
    last = key;
  }
  const resumeAt = last;
  const common = prefixes.map((p) => ({ Prefix: enc(p) }));
  const body = v2
    ? document('ListBucketResult', {
      Name: r.bucket, Prefix: enc(prefix), Delimiter: delimiter ? enc(delimiter) : undefined, MaxKeys: maxKeys,
      KeyCount: contents.length + prefixes.length, IsTruncated: truncated,
      ContinuationToken: token ?? undefined, StartAfter: q.get('start-after') ?? undefined,
      NextContinuationToken: truncated ? Buffer.from(resumeAt, 'utf8').toString('base64url') : undefined,
      EncodingType: urlEncode ? 'url' : undefined, Contents: contents, CommonPrefixes: common,
    })
    : document('ListBucketResult', {
      Name: r.bucket, Prefix: enc(prefix), Marker: q.get('marker') ?? '', Delimiter: delimiter ? enc(delimiter) : undefined,
      MaxKeys: maxKeys, IsTruncated: truncated, NextMarker: truncated && delimiter ? resumeAt : undefined,
      EncodingType: urlEncode ? 'url' : undefined, Contents: contents, CommonPrefixes: common,
    });
  xml(r.res, body);
}

export async function deleteObjects(store: DiskStore, r: BucketReq): Promise<void> {
  await store.requireBucket(r.bucket);
  const body = await readSmallBody(r.req, r.payloadHash);
  const quiet = text(body, 'Quiet') === 'true';
  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const o of elements(body, 'Object')) {
    const key = text(o, 'Key') ?? '';
    try {
      await store.delete(r.bucket, key);
      deleted.push({ Key: key });
    } catch (err) {
      const e = err instanceof S3Error ? err : new S3Error('InternalError', (err as Error).message);
      errors.push({ Key: key, Code: e.code, Message: e.message });
    }
  }
  xml(r.res, document('DeleteResult', { Deleted: quiet ? [] : deleted, Error: errors }));
}
