import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { withRetry } from '../../retry.js';
import { makeS3Client, s3Error } from './client.js';
import { PARTS_PER_STEP, partSizeFor, streamUploadFootprint, uploadStream } from './multipart.js';

const PART = 64 * 1024;

interface Call { method: string; query: string; bytes: number }

/** Just enough of S3's multipart protocol to see what the uploader sends. */
class FakeS3 {
  server!: Server;
  calls: Call[] = [];
  objects = new Map<string, Buffer>();
  parts = new Map<number, Buffer>();
  /** Part numbers answered with this status once (then accepted). */
  failOnce = new Map<number, number>();
  inFlight = 0;
  maxInFlight = 0;
  completedParts: number[] = [];
  /** Part requests wait for this before answering. */
  hold: Promise<void> = Promise.resolve();

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req).then(([status, body, headers]) => {
      res.writeHead(status, { 'content-type': 'application/xml', ...headers });
      res.end(body);
    }));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage): Promise<[number, string, Record<string, string>]> {
    const url = new URL(req.url!, 'http://x');
    const q = url.searchParams;
    const isPart = req.method === 'PUT' && q.has('partNumber');
    if (isPart) { this.inFlight++; this.maxInFlight = Math.max(this.maxInFlight, this.inFlight); }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    this.calls.push({ method: req.method!, query: [...q.keys()].sort().join('&'), bytes: body.length });
    try {
      if (req.method === 'POST' && q.has('uploads')) {
        return [200, '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>', {}];
      }
      if (isPart) {
        const n = Number(q.get('partNumber'));
        // Slow enough that a second part is sent while the first is still open.
        await new Promise((r) => setTimeout(r, 20));
        await this.hold;
        const fail = this.failOnce.get(n);
        if (fail) { this.failOnce.delete(n); return [fail, `<Error><Code>${fail === 503 ? 'SlowDown' : 'AccessDenied'}</Code></Error>`, {}]; }
        this.parts.set(n, body);
        return [200, '', { etag: `"e${n}"` }];
      }
      if (req.method === 'POST' && q.has('uploadId')) {
        this.completedParts = [...body.toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        const whole = Buffer.concat(this.completedParts.map((n) => this.parts.get(n)!));
        this.objects.set(url.pathname, whole);
        return [200, '<CompleteMultipartUploadResult><ETag>"x-2"</ETag></CompleteMultipartUploadResult>', {}];
      }
      if (req.method === 'DELETE' && q.has('uploadId')) return [204, '', {}];
      if (req.method === 'PUT') { this.objects.set(url.pathname, body); return [200, '', { etag: '"one"' }]; }
      return [400, '<Error><Code>Unexpected</Code></Error>', {}];
    } finally {
      if (isPart) this.inFlight--;
    }
  }
}

/** A stream that counts how often it is read from the start (it must be read once, whatever is retried). */
function counted(data: Buffer, piece = 10_000): { stream: Readable; reads: () => number } {
  let reads = 0;
  const stream = Readable.from((function* () {
    reads++;
    for (let at = 0; at < data.length; at += piece) yield data.subarray(at, at + piece);
  })());
  return { stream, reads: () => reads };
}

describe('uploadStream (S3 multipart from a stream of unknown length)', () => {
  let s3: FakeS3;
  let endpoint: string;
  beforeEach(async () => { s3 = new FakeS3(); endpoint = await s3.start(); });
  afterEach(async () => s3.close());

  async function upload(stream: Readable, queueSize = 2) {
    const loc = { endpoint, insecure: true, bucket: 'b', key: 'k', accessKeySecret: { name: 's', key: 'a' }, secretKeySecret: { name: 's', key: 's' } };
    const client = await makeS3Client(loc, { getSecret: async () => 'x' }, 'test');
    const what = 'save artifact "a" to s3://b/k';
    return uploadStream(stream, {
      client, bucket: 'b', key: 'k', partSize: PART, queueSize,
      retry: (fn) => withRetry(async () => { try { return await fn(); } catch (err) { throw s3Error(err, what, true); } }, { what, baseDelayMs: 1 }),
    });
  }

  it('sends a stream shorter than one part as a single PutObject', async () => {
    const data = randomBytes(PART - 1);
    await upload(Readable.from([data]));
    expect(s3.calls.map((c) => `${c.method} ${c.query}`)).toEqual(['PUT x-id']);
    expect(s3.objects.get('/b/k')!.equals(data)).toBe(true);
  });

  it('an empty stream is an empty object', async () => {
    await upload(Readable.from([]));
    expect(s3.objects.get('/b/k')!.length).toBe(0);
  });

  it.each([['one chunk', 5 * PART + 4321], ['uneven chunks', 10_000]])('cuts a longer stream (%s) into parts of exactly partSize, at most queueSize in flight, completed in order', async (_l, piece) => {
    const data = randomBytes(5 * PART + 4321);
    await upload(counted(data, piece).stream);
    expect(s3.calls.filter((c) => c.query.includes('partNumber')).map((c) => c.bytes)).toEqual([PART, PART, PART, PART, PART, 4321]);
    expect(s3.completedParts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s3.maxInFlight).toBe(2);
    expect(s3.objects.get('/b/k')!.equals(data)).toBe(true);
  });

  it('doubles the part size every PARTS_PER_STEP parts, staying under S3\'s 10,000 parts up to terabytes', () => {
    const MiB = 1 << 20;
    expect([1, PARTS_PER_STEP, PARTS_PER_STEP + 1, 2 * PARTS_PER_STEP + 1].map((n) => partSizeFor(5 * MiB, n) / MiB)).toEqual([5, 5, 10, 20]);
    let total = 0;
    for (let n = 1; n <= 10_000; n++) total += partSizeFor(5 * MiB, n);
    expect(total / 2 ** 40).toBeGreaterThan(4);
  });

  it('sends no empty last part when the stream ends on a part boundary', async () => {
    const data = randomBytes(2 * PART);
    await upload(counted(data, PART / 4).stream);
    expect(s3.completedParts).toEqual([1, 2]);
    expect(s3.objects.get('/b/k')!.equals(data)).toBe(true);
  });

  it('retries a part that got a 503 from its buffer, without reading the stream again', async () => {
    const data = randomBytes(3 * PART + 10);
    s3.failOnce.set(2, 503);
    const src = counted(data, PART / 8);
    await upload(src.stream);
    expect(src.reads()).toBe(1);
    expect(s3.calls.filter((c) => c.query.includes('partNumber')).length).toBe(5);
    expect(s3.objects.get('/b/k')!.equals(data)).toBe(true);
  });

  it('aborts the upload on a permanent part failure and names the write', async () => {
    s3.failOnce.set(1, 403);
    const src = counted(randomBytes(4 * PART));
    await expect(upload(src.stream)).rejects.toMatchObject({ code: 'ArtifactWrite', transient: false, message: expect.stringMatching(/^save artifact "a" to s3:\/\/b\/k: AccessDenied \(HTTP 403\)/) });
    expect(s3.calls.some((c) => c.method === 'DELETE' && c.query.includes('uploadId'))).toBe(true);
    expect(s3.objects.has('/b/k')).toBe(false);
    expect(src.stream.destroyed).toBe(true);
  });

  it('aborts when the stream itself fails', async () => {
    const failing = Readable.from((function* () { yield randomBytes(2 * PART); throw new Error('source vanished'); })());
    await expect(upload(failing)).rejects.toThrow('source vanished');
    expect(s3.calls.some((c) => c.method === 'DELETE' && c.query.includes('uploadId'))).toBe(true);
  });

  it('reads no further ahead than its (queueSize + 1) part buffers while parts are stuck', async () => {
    let release!: () => void;
    s3.hold = new Promise<void>((r) => { release = r; });
    let pulled = 0;
    const piece = 10_000;
    const stream = Readable.from((function* () {
      for (let i = 0; i < 20 * PART / piece; i++) { pulled += piece; yield randomBytes(piece); }
    })());
    const done = upload(stream);
    try {
      while (s3.inFlight < 2) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      release();
    }
    const pulledWhileStuck = pulled;
    await done;
    // Two parts sent, a third filled; reading stops there (plus what the source stream reads ahead).
    expect(pulledWhileStuck).toBeLessThanOrEqual(streamUploadFootprint({ partSize: PART, queueSize: 2 }) + 2 * piece);
    expect(pulledWhileStuck).toBeGreaterThanOrEqual(3 * PART);
    expect(s3.objects.get('/b/k')!.length).toBe(pulled);
  });
});
