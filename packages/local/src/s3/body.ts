import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './chunked.js';
import { S3Error } from './errors.js';

export interface Received { size: number; md5: string }

/**
 * Streams a request body to `dest` (never buffering it), decoding
 * aws-chunked when the client used it and checking a signed SHA-256 payload
 * hash and Content-MD5 when given. On any failure `dest` is removed.
 */
export async function receiveBody(req: IncomingMessage, payloadHash: string, dest: string): Promise<Received> {
  const md5 = createHash('md5');
  const sha = /^[0-9a-f]{64}$/.test(payloadHash) ? createHash('sha256') : undefined;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      size += chunk.length;
      md5.update(chunk);
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
    const digest = md5.digest();
    const contentMd5 = req.headers['content-md5'];
    if (typeof contentMd5 === 'string' && contentMd5 !== digest.toString('base64')) {
      throw new S3Error('BadDigest', 'the Content-MD5 you specified did not match what we received');
    }
    return { size, md5: digest.toString('hex') };
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
