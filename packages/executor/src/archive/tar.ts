import { basename, dirname } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { ExecutorError } from '../errors.js';
import { checkLinkTarget, safeEntryPath } from './safety.js';

/**
 * A tar stream of `srcPath` with one top-level entry named after it (a file
 * or a directory), as Argo archives outputs. gzip when `gzipLevel` is given
 * (0-9, -1 = zlib default). Symlinks are stored as links, not followed.
 */
export function tarStream(srcPath: string, gzipLevel?: number): Readable {
  const gzip = gzipLevel === undefined ? false : gzipLevel < 0 ? true : { level: gzipLevel };
  // tar's streams are minipass streams; consumers (fetch, the S3 SDK) need a real Readable.
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // tar reads up to 16 MiB per file read by default; 1 MiB keeps the footprint small at no cost in speed.
  const pack = tar.create({ cwd: dirname(srcPath), gzip, portable: true, maxReadSize: 1 << 20 }, [basename(srcPath)]);
  pack.on('error', (err: unknown) => out.destroy(err as Error));
  pack.pipe(out);
  return out;
}

/**
 * Unpacks a (gzipped or plain) tar stream into `destDir`, which must exist.
 * Every entry is checked before anything is written; an unsafe one stops the
 * whole unpack with an ArchiveUnsafe error.
 */
export async function extractTar(input: Readable, destDir: string, label: string): Promise<void> {
  let failure: Error | undefined;
  const extractor = tar.extract({
    cwd: destDir,
    strict: true,
    preservePaths: false,
    filter: (path, entry) => {
      if (failure) return false;
      try {
        const target = safeEntryPath(destDir, path, label);
        const e = entry as tar.ReadEntry;
        if ((e.type === 'SymbolicLink' || e.type === 'Link') && e.linkpath !== undefined) {
          checkLinkTarget(destDir, target, path, e.linkpath, label, e.type === 'Link');
        }
        return true;
      } catch (err) {
        failure = err as Error;
        input.unpipe?.();
        extractor.abort(failure);
        return false;
      }
    },
  });
  try {
    await pipeline(input, extractor as unknown as NodeJS.WritableStream);
  } catch (err) {
    if (failure) throw failure;
    throw new ExecutorError('ArchiveInvalid', `${label}: not a readable tar archive: ${(err as Error).message}`, { cause: err });
  }
  if (failure) throw failure;
}
