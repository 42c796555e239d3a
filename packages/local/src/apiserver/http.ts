/** Request/response plumbing: body reading, JSON replies, Status errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors.js';
import { checkJsonTextDepth } from './depth.js';
import { decodeProtobufObject, PROTOBUF_MEDIA_TYPE } from './protobuf.js';

/** Kubernetes' MaxRequestBodyBytes (3 MiB): larger requests get 413 before they are decoded. */
export const MAX_BODY = 3 * 1024 * 1024;
const DRAIN_LIMIT = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the limit the rest is read and dropped, so the client (still sending) gets the 413
    // rather than a reset connection; past many times the limit the connection is given up.
    if (size > DRAIN_LIMIT) break;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY) throw new ApiError('RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`);
  return Buffer.concat(chunks);
}

/** Parses a JSON (or YAML-free) request body; empty bodies are `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = mediaType(req);
  const buf = await readBody(req);
  if (type === PROTOBUF_MEDIA_TYPE && buf.length > 0) return decodeProtobufObject(buf);
  if (type !== 'application/json' && type !== '*/*') {
    throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, ${PROTOBUF_MEDIA_TYPE} (some core kinds only) (got ${type})`);
  }
  if (buf.length === 0) return undefined;
  checkJsonTextDepth(buf, 'request body');
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new ApiError('BadRequest', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): number {
  const apiErr = err instanceof ApiError ? err : new ApiError('InternalError', `internal error: ${(err as Error)?.message ?? String(err)}`);
  if (res.headersSent) {
    res.destroy();
    return apiErr.httpStatus;
  }
  sendJson(res, apiErr.httpStatus, apiErr.toStatus());
  return apiErr.httpStatus;
}

/** The media type of the request body, lower-cased, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

export function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}
