import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './chunked.js';
import { S3Error } from './errors.js';

export interface Received {
  size: number;
  /** 32 hex digits: the MD5 for `etag: 'md5'`, else CRC-32 + size (parts: an ETag only has to be unique, and MD5 is the server's largest CPU cost). */
  etag: string;
}

/**
 * Streams a request body to `dest` (never buffering it), decoding
 * aws-chunked when the client used it and checking a signed SHA-256 payload
 * hash and Content-MD5 when given. On any failure `dest` is removed.
 */
export async function receiveBody(req: IncomingMessage, payloadHash: string, dest: string, etag: 'md5' | 'crc32' = 'md5'): Promise<Received> {
  const contentMd5 = req.headers['content-md5'];
  const md5 = etag === 'md5' || typeof contentMd5 === 'string' ? createHash('md5') : undefined;
  let crc = 0;
  const sha = /^[0-9a-f]{64}$/.test(payloadHash) ? createHash('sha256') : undefined;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      size += chunk.length;
      if (md5) md5.update(chunk);
      else crc = crc32(chunk, crc);
      sha?.update(chunk);
      cb(null, chunk);
    },
  });
  const encoding = String(req.headers['content-encoding'] ?? '');
  const chunked = payloadHash.startsWith('STREAMING-') || encoding.split(',').map((s) => s.trim()).includes('aws-chunked');
  try {
    if (chunked) await pipeline(req, new AwsChunkedDecoder(), meter, createWriteStream(dest));
    else await pipeline(req, meter, createWriteStream(dest));
    const declared = req.headers['x-amz-decoded-content-length'];
    if (chunked && declared !== undefined && Number(declared) !== size) {
      throw new S3Error('IncompleteBody', `body was ${size} bytes, x-amz-decoded-content-length said ${declared}`);
    }
    if (sha && sha.digest('hex') !== payloadHash) {
      throw new S3Error('XAmzContentSHA256Mismatch', 'the provided x-amz-content-sha256 does not match what was computed');
    }
    const digest = md5?.digest();
    if (typeof contentMd5 === 'string' && contentMd5 !== digest?.toString('base64')) {
      throw new S3Error('BadDigest', 'the Content-MD5 you specified did not match what we received');
    }
    if (digest) return { size, etag: digest.toString('hex') };
    return { size, etag: (crc >>> 0).toString(16).padStart(8, '0') + size.toString(16).padStart(24, '0') };
  } catch (err) {
    await rm(dest, { force: true });
    throw err;
  }
}

/** Small bodies (XML requests) in memory, capped. */
export async function readSmallBody(req: IncomingMessage, payloadHash: string, limit = 4 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  const encoding = String(req.headers['content-encoding'] ?? '');
  const source = payloadHash.startsWith('STREAMING-') || encoding.includes('aws-chunked') ? req.pipe(new AwsChunkedDecoder()) : req;
  for await (const c of source) {
    n += (c as Buffer).length;
    if (n > limit) throw new S3Error('InvalidArgument', 'request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
