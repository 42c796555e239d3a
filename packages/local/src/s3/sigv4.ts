import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { S3Error } from './errors.js';

export interface Credentials { accessKey: string; secretKey: string }

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(rawQuery: string, skip?: string): string {
  if (!rawQuery) return '';
  const pairs = rawQuery.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, '%20'));
    const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, '%20'));
    return [uriEncode(k), uriEncode(v)] as const;
  }).filter(([k]) => k !== skip);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalPath(rawPath: string): string {
  // The client signed the path as it sent it, segment by segment: normalise the encoding the same way.
  return rawPath.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/');
}

interface Parsed { accessKey: string; scope: string; date: string; signedHeaders: string[]; signature: string; amzDate: string; payloadHash: string; presigned: boolean }

function parse(req: IncomingMessage, rawQuery: string): Parsed {
  const auth = req.headers.authorization;
  if (auth) {
    const m = auth.match(/^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/);
    if (!m) throw new S3Error('AccessDenied', 'only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported');
    const [accessKey, ...scope] = m[1]!.split('/');
    return {
      accessKey: accessKey!, scope: scope.join('/'), date: scope[0] ?? '', signedHeaders: m[2]!.split(';'), signature: m[3]!,
      amzDate: String(req.headers['x-amz-date'] ?? ''), payloadHash: String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'), presigned: false,
    };
  }
  const q = new URLSearchParams(rawQuery);
  if (q.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    const [accessKey, ...scope] = (q.get('X-Amz-Credential') ?? '').split('/');
    return {
      accessKey: accessKey ?? '', scope: scope.join('/'), date: scope[0] ?? '', signedHeaders: (q.get('X-Amz-SignedHeaders') ?? 'host').split(';'),
      signature: q.get('X-Amz-Signature') ?? '', amzDate: q.get('X-Amz-Date') ?? '', payloadHash: 'UNSIGNED-PAYLOAD', presigned: true,
    };
  }
  throw new S3Error('AccessDenied', 'request is not signed (anonymous access is not allowed)');
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query)
 * against the server's one key pair. Returns the payload hash header so the
 * body reader knows whether to check a SHA-256 or decode aws-chunked.
 */
export function verifySigV4(req: IncomingMessage, creds: Credentials): string {
  const [rawPath, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2) as [string, string?];
  const p = parse(req, rawQuery);
  if (p.accessKey !== creds.accessKey) throw new S3Error('InvalidAccessKeyId', 'the access key id you provided does not exist in our records');
  const headers = p.signedHeaders.map((h) => {
    const v = req.headers[h];
    const value = Array.isArray(v) ? v.join(',') : (v ?? '');
    return `${h}:${String(value).trim().replace(/\s+/g, ' ')}\n`;
  }).join('');
  const canonical = [
    req.method, canonicalPath(rawPath), canonicalQuery(rawQuery, p.presigned ? 'X-Amz-Signature' : undefined),
    headers, p.signedHeaders.join(';'), p.payloadHash,
  ].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', p.amzDate, p.scope, sha256hex(canonical)].join('\n');
  const [, region = '', service = ''] = p.scope.split('/');
  let key = hmac(`AWS4${creds.secretKey}`, p.date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(toSign).digest('hex'));
  const got = Buffer.from(p.signature);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
    throw new S3Error('SignatureDoesNotMatch', 'the request signature we calculated does not match the signature you provided');
  }
  return p.payloadHash;
}
