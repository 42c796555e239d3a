/**
 * One write-ahead-log record per line: `<crc32 as 8 hex digits> <json>\n`.
 * The checksum lets replay tell a torn or corrupted record from a good one
 * without trusting that a line which parses as JSON is the line that was
 * written. Lines that start with `{` are records from before checksums and
 * are read as plain JSON.
 */
import { crc32 } from 'node:zlib';
import type { KubeObject } from './types.js';

export interface WalRecord {
  rv: number;
  op: 'put' | 'del';
  res: string;
  obj: KubeObject;
}

/** Builds a record's line; `objectJson` is the object already serialised. */
export function encodeRecord(rv: number, op: WalRecord['op'], res: string, objectJson: string): string {
  const payload = `{"rv":${rv},"op":"${op}","res":${JSON.stringify(res)},"obj":${objectJson}}`;
  return `${crc32(payload).toString(16).padStart(8, '0')} ${payload}\n`;
}

/** Decodes one line (without its newline); undefined when torn, corrupted or not a record. */
export function decodeRecord(line: Buffer): WalRecord | undefined {
  let payload: Buffer;
  if (line[0] === 0x7b /* { */) payload = line;
  else {
    if (line.length < 10 || line[8] !== 0x20) return undefined;
    const sum = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
    payload = line.subarray(9);
    if (!/^[0-9a-f]{8}$/.test(line.subarray(0, 8).toString('latin1')) || crc32(payload) !== sum) return undefined;
  }
  try {
    const rec = JSON.parse(payload.toString('utf8')) as WalRecord;
    return typeof rec.rv === 'number' && (rec.op === 'put' || rec.op === 'del') && typeof rec.res === 'string' && rec.obj ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown at load when a bad record has good records after it: not a torn tail, so dropping the rest would lose acknowledged writes. */
export class WalCorruptError extends Error {
  readonly code = 'WalCorrupt';
  readonly transient = false;
  constructor(file: string, offset: number) {
    super(`write-ahead log ${file} is corrupt at byte ${offset}: a bad record is followed by good ones (not a torn tail); refusing to start rather than drop acknowledged writes`);
    this.name = 'WalCorruptError';
  }
}

/** Writes after a failed fsync or a failed truncate are refused: what is on disk is no longer known. */
export class WalBrokenError extends Error {
  readonly code = 'WalBroken';
  readonly transient = false;
  constructor(cause: Error) {
    super(`write-ahead log refuses writes after a failed disk write it could not undo: ${cause.message}`, { cause });
    this.name = 'WalBrokenError';
  }
}
