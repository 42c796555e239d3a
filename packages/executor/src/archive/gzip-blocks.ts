import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ExecutorError } from '../errors.js';

/**
 * Multi-member gzip: the input is cut into fixed-size blocks and each block is
 * compressed on its own, as a complete gzip member, on libuv's thread pool,
 * several at once; the members are emitted in input order. Concatenated
 * members are one valid gzip stream (RFC 1952 §2.2) that Go's gzip reader
 * (Argo's loader), GNU gzip, Python and Node's gunzip all read through.
 *
 * Why: one deflate stream is single-threaded and, on incompressible data,
 * the whole save then runs at one core's deflate speed while tar and the
 * upload wait on the same thread. Blocks cost ~18 bytes each and the window
 * restarting every block, which is negligible at MiBs per block.
 */
export interface GzipBlocksOptions {
  /** zlib level 0-9, -1 for zlib's default (6, as Go's gzip.DefaultCompression). */
  level: number;
  /** Bytes of input per gzip member. */
  blockSize?: number;
  /** Members compressed at once; each holds one input block and its output. */
  concurrency?: number;
}

export const GZIP_BLOCK_SIZE = 1024 * 1024;
/**
 * One member per core, but at most one fewer than libuv's pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise): tar's file reads run on the same pool and
 * would otherwise wait behind the compressions.
 */
export const GZIP_MAX_CONCURRENCY = Math.max(1, (Number(process.env.UV_THREADPOOL_SIZE) || 4) - 1);

export function defaultGzipConcurrency(): number {
  return Math.max(1, Math.min(GZIP_MAX_CONCURRENCY, availableParallelism()));
}

/**
 * Peak bytes the transform holds: the block being filled plus, per member in
 * flight, its input and an output buffer sized for the worst case.
 */
export function gzipBlocksFootprint(o: GzipBlocksOptions): number {
  const block = o.blockSize ?? GZIP_BLOCK_SIZE;
  return block + (o.concurrency ?? defaultGzipConcurrency()) * (block + outputBound(block));
}

/** deflate never grows data by more than ~0.03% plus a few bytes per 16 KiB stored block; leave room for the gzip header/trailer. */
const outputBound = (n: number) => n + (n >> 10) + 1024;

export class GzipBlocks extends Transform {
  private readonly level: number;
  private readonly blockSize: number;
  private readonly concurrency: number;
  /** The block being filled; allocated on first use, then taken from `spare`. */
  private block: Buffer | undefined;
  /** Blocks whose compression is done, reused: fresh buffers per block would pile up as garbage until V8 collects. */
  private readonly spare: Buffer[] = [];
  private filled = 0;
  private emittedAny = false;
  private readonly inFlight: Promise<Buffer[]>[] = [];

  constructor(o: GzipBlocksOptions) {
    super({ readableHighWaterMark: 1 << 20 });
    if (!Number.isInteger(o.level) || o.level < -1 || o.level > 9) {
      throw new ExecutorError('BadTemplate', `archive.tar.compressionLevel: expected an integer from -1 to 9, got ${o.level}`);
    }
    this.level = o.level;
    this.blockSize = o.blockSize ?? GZIP_BLOCK_SIZE;
    this.concurrency = o.concurrency ?? defaultGzipConcurrency();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    void this.absorb(chunk).then(() => done(), (err: Error) => done(err));
  }

  override _flush(done: TransformCallback): void {
    void this.finish().then(() => done(), (err: Error) => done(err));
  }

  private async absorb(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      this.block ??= this.spare.pop() ?? Buffer.allocUnsafe(this.blockSize);
      const n = Math.min(chunk.length - at, this.blockSize - this.filled);
      chunk.copy(this.block, this.filled, at, at + n);
      this.filled += n;
      at += n;
      if (this.filled === this.blockSize) await this.dispatch();
    }
  }

  /** Starts compressing the full block; waits for the oldest member first when `concurrency` are already running. */
  private async dispatch(): Promise<void> {
    if (this.inFlight.length >= this.concurrency) this.emit1(await this.inFlight.shift()!);
    const block = this.block;
    const member = compress(block ? block.subarray(0, this.filled) : Buffer.alloc(0), this.level, outputBound(this.filled));
    // Awaited in order later; a later member failing first must not count as unhandled meanwhile.
    member.then(() => { if (block) this.spare.push(block); }, () => undefined);
    this.inFlight.push(member);
    // The block belongs to the compression until it is done; another one is filled meanwhile.
    this.block = undefined;
    this.filled = 0;
  }

  private async finish(): Promise<void> {
    // An empty input still has to be a gzip stream: one empty member.
    if (this.filled > 0 || (!this.emittedAny && this.inFlight.length === 0)) await this.dispatch();
    while (this.inFlight.length > 0) this.emit1(await this.inFlight.shift()!);
  }

  private emit1(member: Buffer[]): void {
    this.emittedAny = true;
    for (const c of member) this.push(c);
  }
}

function compress(input: Buffer, level: number, bound: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    // An output buffer that holds the whole member: one or two trips to the thread pool instead of one per 16 KiB.
    const z = createGzip({ level, chunkSize: bound });
    const out: Buffer[] = [];
    z.on('data', (c: Buffer) => out.push(c));
    z.on('error', reject);
    z.on('end', () => {
      const bytes = out.reduce((n, c) => n + c.length, 0);
      // The slices keep their whole bound-sized buffer alive until uploaded: a member that
      // compressed well is copied out, so what is held downstream is what was produced.
      resolve(bytes < bound * 0.9 ? [Buffer.concat(out, bytes)] : out);
    });
    z.end(input);
  });
}
