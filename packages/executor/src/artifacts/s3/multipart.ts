import type { S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

/**
 * Uploads a stream of unknown length (an archive being written) to S3 in
 * parts of at least `partSize` bytes: the stream's own chunks are gathered
 * (not copied) until a part is full, and at most `queueSize` parts are in
 * flight while the next one fills, so the upload holds about
 * `(queueSize + 1) × partSize` bytes whatever the stream's size. A part is
 * retried from the chunks it holds, so a transient failure never restarts
 * the archive. A stream shorter than one part is sent as one PutObject.
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
  /**
   * The client sends UNSIGNED-PAYLOAD (TLS or loopback): a part goes out as a
   * stream of its chunks. Otherwise the signer hashes the body, which must
   * then be one buffer.
   */
  unsignedPayload: boolean;
  /** Runs one request with the caller's retry policy and error mapping. */
  retry: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

/** Bytes an upload holds at most over its first PARTS_PER_STEP parts (in flight and filling; each may overshoot by one chunk). */
export const streamUploadFootprint = (o: { partSize: number; queueSize: number }) => (o.queueSize + 1) * o.partSize;

export const PARTS_PER_STEP = 1000;
/** The minimum size of part `n` (1-based). */
export const partSizeFor = (base: number, n: number) => base * 2 ** Math.floor((n - 1) / PARTS_PER_STEP);

const sdk = () => import('@aws-sdk/client-s3');

interface Part { chunks: Buffer[]; bytes: number }

export async function uploadStream(stream: Readable, o: StreamUploadOptions): Promise<void> {
  let part: Part = { chunks: [], bytes: 0 };
  let multipart: Multipart | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      part.chunks.push(chunk);
      part.bytes += chunk.length;
      if (part.bytes < partSizeFor(o.partSize, (multipart?.parts ?? 0) + 1)) continue;
      multipart ??= await Multipart.start(o);
      // Waits for a free slot: meanwhile the stream is not read, which is the backpressure.
      await multipart.send(part);
      part = { chunks: [], bytes: 0 };
    }
    if (!multipart) {
      const { PutObjectCommand } = await sdk();
      const body = Buffer.concat(part.chunks, part.bytes);
      await o.retry(() => o.client.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: body, ContentLength: body.length }), { abortSignal: o.signal }));
      return;
    }
    // S3 takes a short last part only; an empty one (the stream ended on a boundary) is skipped.
    if (part.bytes > 0) await multipart.send(part);
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
  private constructor(private readonly o: StreamUploadOptions, private readonly uploadId: string) {}

  static async start(o: StreamUploadOptions): Promise<Multipart> {
    const { CreateMultipartUploadCommand } = await sdk();
    const res = await o.retry(() => o.client.send(new CreateMultipartUploadCommand({ Bucket: o.bucket, Key: o.key }), { abortSignal: o.signal }));
    return new Multipart(o, res.UploadId!);
  }

  /** Starts sending `part` as the next part once fewer than queueSize are in flight. */
  async send(part: Part): Promise<void> {
    while (this.inFlight.size >= this.o.queueSize) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const partNumber = this.etags.length + 1;
    this.etags.push('');
    const p: Promise<void> = this.put(part, partNumber).then(
      (etag) => { this.etags[partNumber - 1] = etag; },
      (err: unknown) => { this.failure ??= err; },
    ).finally(() => { this.inFlight.delete(p); });
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

  private async put(part: Part, PartNumber: number): Promise<string> {
    const { UploadPartCommand } = await sdk();
    // Joined once, before the first attempt, when the signer needs one buffer to hash.
    const joined = this.o.unsignedPayload ? undefined : Buffer.concat(part.chunks, part.bytes);
    const res = await this.o.retry(() => this.o.client.send(new UploadPartCommand({
      Bucket: this.o.bucket, Key: this.o.key, UploadId: this.uploadId, PartNumber, ContentLength: part.bytes,
      // A fresh stream per attempt: a retry resends the same chunks.
      Body: joined ?? Readable.from(part.chunks, { objectMode: false }),
    }), { abortSignal: this.o.signal }));
    return res.ETag!;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
