import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deleteObjects, listBuckets, listObjects, type BucketReq } from './buckets.js';
import { S3Error } from './errors.js';
import { abortUpload, completeUpload, createUpload, listParts, uploadPart } from './multipart.js';
import { copyObject, deleteObject, getObject, putObject, type Req } from './objects.js';
import { verifySigV4, type Credentials } from './sigv4.js';
import { DiskStore } from './store.js';
import { document } from './xml.js';

export interface S3ServerOptions {
  /** Where buckets and objects live; created if missing. */
  dir: string;
  /** 0 or unset: any free port. */
  port?: number;
  host?: string;
  accessKey: string;
  secretKey: string;
}

export interface S3Server {
  /** `http://host:port`, the endpoint for clients (path-style addressing). */
  url: string;
  port: number;
  close(): Promise<void>;
}

type BucketHandler = (store: DiskStore, r: BucketReq) => Promise<void>;
type ObjectHandler = (store: DiskStore, r: Req) => Promise<void>;

/** Bucket-level operations by method and the sub-resource in the query. */
function bucketHandler(method: string, q: URLSearchParams): BucketHandler | undefined {
  if (method === 'PUT') return async (s, r) => { await s.createBucket(r.bucket); r.res.writeHead(200, { location: `/${r.bucket}`, 'content-length': '0' }).end(); };
  if (method === 'HEAD') return async (s, r) => { await s.requireBucket(r.bucket); r.res.writeHead(200, { 'x-amz-bucket-region': 'us-east-1' }).end(); };
  if (method === 'DELETE') return async (s, r) => { await s.deleteBucket(r.bucket); r.res.writeHead(204).end(); };
  if (method === 'POST' && q.has('delete')) return deleteObjects;
  if (method === 'GET' && q.has('location')) {
    return async (s, r) => {
      await s.requireBucket(r.bucket);
      r.res.writeHead(200, { 'content-type': 'application/xml' }).end(document('LocationConstraint', {}));
    };
  }
  if (method === 'GET') return listObjects;
  return undefined;
}

function objectHandler(method: string, q: URLSearchParams, req: IncomingMessage): ObjectHandler | undefined {
  if (method === 'PUT' && q.has('uploadId')) return uploadPart;
  if (method === 'PUT' && req.headers['x-amz-copy-source']) return copyObject;
  if (method === 'PUT') return putObject;
  if (method === 'GET' && q.has('uploadId')) return listParts;
  if (method === 'GET') return (s, r) => getObject(s, r, false);
  if (method === 'HEAD') return (s, r) => getObject(s, r, true);
  if (method === 'DELETE' && q.has('uploadId')) return abortUpload;
  if (method === 'DELETE') return deleteObject;
  if (method === 'POST' && q.has('uploads')) return createUpload;
  if (method === 'POST' && q.has('uploadId')) return completeUpload;
  return undefined;
}

function sendError(req: IncomingMessage, res: ServerResponse, err: unknown, resource: string): void {
  const e = err instanceof S3Error ? err : new S3Error('InternalError', (err as Error)?.message ?? String(err));
  if (res.headersSent) { res.destroy(); return; }
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  if (req.method === 'HEAD') { res.writeHead(e.status, { 'x-amz-request-id': requestId }).end(); return; }
  const body = document('Error', { Code: e.code, Message: e.message, Resource: resource, RequestId: requestId }).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', '');
  res.writeHead(e.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': requestId });
  res.end(body);
  // Drain an unread upload so the client sees the error instead of a reset.
  req.resume();
}

async function handle(store: DiskStore, creds: Credentials, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Not `new URL()`: it would resolve `..` segments, turning a hostile key into another bucket.
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
  const query = new URLSearchParams(rawQuery);
  const method = req.method ?? 'GET';
  const payloadHash = verifySigV4(req, creds);
  const [, bucketEnc = '', ...keyParts] = rawPath.split('/');
  const bucket = decodeURIComponent(bucketEnc);
  const key = keyParts.map(decodeURIComponent).join('/');
  if (!bucket) {
    if (method !== 'GET') throw new S3Error('MethodNotAllowed', `${method} / is not supported`);
    return listBuckets(store, res, creds.accessKey);
  }
  if (!key) {
    const h = bucketHandler(method, query);
    if (!h) throw new S3Error('NotImplemented', `${method} on a bucket with ?${query} is not implemented`);
    return h(store, { req, res, bucket, query: query, payloadHash });
  }
  const h = objectHandler(method, query, req);
  if (!h) throw new S3Error('NotImplemented', `${method} on an object with ?${query} is not implemented`);
  return h(store, { req, res, bucket, key, query: query, payloadHash });
}

/**
 * A real S3-protocol server on loopback for the local cluster's artifact
 * repository: SigV4-authenticated, path-style, objects streamed to disk.
 */
export async function startS3Server(opts: S3ServerOptions): Promise<S3Server> {
  const store = new DiskStore(opts.dir);
  await store.init();
  const creds = { accessKey: opts.accessKey, secretKey: opts.secretKey };
  const server = createServer((req, res) => {
    handle(store, creds, req, res).catch((err) => sendError(req, res, err, (req.url ?? '/').split('?')[0]!));
  });
  server.keepAliveTimeout = 30_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
