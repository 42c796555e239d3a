import type { S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

/**
 * Uploads a stream of unknown length (an archive being written) to S3 in
 * parts of `partSize` bytes, copied into part buffers that are reused: at
 * most `queueSize` parts are in flight while the next one fills, so the
 * upload holds `(queueSize + 1) × partSize` bytes whatever the stream's
 * size. Copying (rather than keeping the stream's chunks) lets those chunks
 * die young, where V8 frees them at the next scavenge; chunks held for a
 * part's upload would be promoted and wait for a full collection. A part is
 * retried from its buffer, so a transient failure never restarts the
 * archive. A stream shorter than one part is sent as one PutObject.
 *
 * S3 allows 10,000 parts: small parts keep the footprint low, so the part
 * size doubles every PARTS_PER_STEP parts (5 MiB parts: 4.9 GiB in the first
 * 1,000, then 10 MiB ...), and only very large uploads pay more memory.
 */
export interface StreamUploadOptions {
  client: S3Client;
  bucket: string;
  key: string;
  partSize: number;
  queueSize: number;
  /** Runs one request with the caller's retry policy and error mapping. */
  retry: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

/** Bytes of part buffers an upload holds over its first PARTS_PER_STEP parts. */
export const streamUploadFootprint = (o: { partSize: number; queueSize: number }) => (o.queueSize + 1) * o.partSize;

export const PARTS_PER_STEP = 1000;
/** The size of part `n` (1-based). */
export const partSizeFor = (base: number, n: number) => base * 2 ** Math.floor((n - 1) / PARTS_PER_STEP);

const sdk = () => import('@aws-sdk/client-s3');

/** Buffers of the current part size, handed back when their part is done; others are dropped. */
class PartBuffers {
  private readonly free: Buffer[] = [];
  take(size: number): Buffer {
    const b = this.free.pop();
    if (b && b.length === size) return b;
    this.free.length = 0;
    return Buffer.allocUnsafe(size);
  }
  give(b: Buffer): void {
    this.free.push(b);
  }
}

export async function uploadStream(stream: Readable, o: StreamUploadOptions): Promise<void> {
  const buffers = new PartBuffers();
  let multipart: Multipart | undefined;
  let size = partSizeFor(o.partSize, 1);
  let part = buffers.take(size);
  let filled = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = 0; at < chunk.length;) {
        const n = Math.min(chunk.length - at, size - filled);
        chunk.copy(part, filled, at, at + n);
        filled += n;
        at += n;
        if (filled < size) continue;
        multipart ??= await Multipart.start(o, buffers);
        // Waits for a free slot: meanwhile the stream is not read, which is the backpressure.
        await multipart.send(part, filled);
        size = partSizeFor(o.partSize, multipart.parts + 1);
        part = buffers.take(size);
        filled = 0;
      }
    }
    if (!multipart) {
      const { PutObjectCommand } = await sdk();
      const body = part.subarray(0, filled);
      await o.retry(() => o.client.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: body, ContentLength: filled }), { abortSignal: o.signal }));
      return;
    }
    // S3 takes a short last part only; an empty one (the stream ended on a boundary) is skipped.
    if (filled > 0) await multipart.send(part, filled);
    await multipart.complete();
  } catch (err) {
    await multipart?.abort();
    stream.destroy();
    throw err;
  }
}

class Multipart {
  private readonly etags: string[] = [];
  get parts(): number { return this.etags.length; }
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private constructor(private readonly o: StreamUploadOptions, private readonly uploadId: string, private readonly buffers: PartBuffers) {}

  static async start(o: StreamUploadOptions, buffers: PartBuffers): Promise<Multipart> {
    const { CreateMultipartUploadCommand } = await sdk();
    const res = await o.retry(() => o.client.send(new CreateMultipartUploadCommand({ Bucket: o.bucket, Key: o.key }), { abortSignal: o.signal }));
    return new Multipart(o, res.UploadId!, buffers);
  }

  /** Starts sending `buf[0, length)` as the next part once fewer than queueSize are in flight; `buf` is given back when done. */
  async send(buf: Buffer, length: number): Promise<void> {
    while (this.inFlight.size >= this.o.queueSize) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const partNumber = this.etags.length + 1;
    this.etags.push('');
    const p: Promise<void> = this.put(buf.subarray(0, length), partNumber).then(
      (etag) => { this.etags[partNumber - 1] = etag; },
      (err: unknown) => { this.failure ??= err; },
    ).finally(() => { this.inFlight.delete(p); this.buffers.give(buf); });
    this.inFlight.add(p);
  }

  async complete(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    const { CompleteMultipartUploadCommand } = await sdk();
    const Parts = this.etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 }));
    await this.o.retry(() => this.o.client.send(new CompleteMultipartUploadCommand({
      Bucket: this.o.bucket, Key: this.o.key, UploadId: this.uploadId, MultipartUpload: { Parts },
    }), { abortSignal: this.o.signal }));
  }

  /** Best effort: a failed abort leaves parts the bucket's lifecycle rules clean up. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    const { AbortMultipartUploadCommand } = await sdk();
    await this.o.client.send(new AbortMultipartUploadCommand({ Bucket: this.o.bucket, Key: this.o.key, UploadId: this.uploadId })).catch(() => undefined);
  }

  private async put(body: Buffer, PartNumber: number): Promise<string> {
    const { UploadPartCommand } = await sdk();
    const res = await this.o.retry(() => this.o.client.send(new UploadPartCommand({
      Bucket: this.o.bucket, Key: this.o.key, UploadId: this.uploadId, PartNumber, Body: body, ContentLength: body.length,
    }), { abortSignal: this.o.signal }));
    return res.ETag!;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
