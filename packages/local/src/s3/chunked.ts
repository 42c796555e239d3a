import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './errors.js';

/**
 * Decodes `aws-chunked` bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD and
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER, which the AWS SDKs send for streamed
 * uploads): `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n`, then
 * optional trailer lines (checksums) and a blank line. Chunk signatures are
 * not re-verified; the seed signature of the request is.
 */
export class AwsChunkedDecoder extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: 'header' | 'data' | 'crlf' | 'trailer' | 'done' = 'header';
  readonly trailers: Record<string, string> = {};

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      this.drain();
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (this.state !== 'done' && !(this.state === 'trailer' && this.buf.length === 0)) {
      return cb(new S3Error('IncompleteBody', 'aws-chunked body ended before its final chunk'));
    }
    cb();
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'data') {
        if (this.buf.length === 0) return;
        const n = Math.min(this.remaining, this.buf.length);
        this.push(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'crlf';
        continue;
      }
      if (this.state === 'crlf') {
        if (this.buf.length < 2) return;
        if (this.buf[0] !== 0x0d || this.buf[1] !== 0x0a) throw new S3Error('IncompleteBody', 'aws-chunked: missing CRLF after chunk data');
        this.buf = this.buf.subarray(2);
        this.state = 'header';
        continue;
      }
      if (this.state === 'done') { this.buf = Buffer.alloc(0); return; }
      const eol = this.buf.indexOf('\r\n');
      if (eol < 0) {
        if (this.buf.length > 8192) throw new S3Error('IncompleteBody', 'aws-chunked: chunk header too long');
        return;
      }
      const line = this.buf.toString('latin1', 0, eol);
      this.buf = this.buf.subarray(eol + 2);
      if (this.state === 'trailer') {
        if (line === '') { this.state = 'done'; continue; }
        const i = line.indexOf(':');
        if (i > 0) this.trailers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        continue;
      }
      const size = Number.parseInt(line.split(';')[0]!, 16);
      if (!Number.isFinite(size) || size < 0) throw new S3Error('IncompleteBody', `aws-chunked: bad chunk header "${line.slice(0, 40)}"`);
      if (size === 0) { this.state = 'trailer'; continue; }
      this.remaining = size;
      this.state = 'data';
    }
  }
}
