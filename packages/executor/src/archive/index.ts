/**
 * Archive strategies of Argo artifacts: outputs are archived as tar+gzip by
 * default (`archive.tar.compressionLevel`), left as they are (`archive.none`)
 * or zipped (`archive.zip`); inputs are unpacked by what their bytes are.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ArchiveStrategy } from '../template.js';
import { extractTar, tarStream } from './tar.js';
import { checkLinksStayInside } from './safety.js';
import { extractZip, zipStream } from './zip.js';

export { tarStream, extractTar } from './tar.js';
export { zipStream, extractZip } from './zip.js';

export type ArchiveFormat = 'gzip' | 'zip' | 'tar' | 'raw';

/** Sniffs the first bytes: gzip magic, zip local header, ustar magic, else a plain file. */
export async function detectFormat(file: string): Promise<ArchiveFormat> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(262);
    const { bytesRead } = await fh.read(b, 0, 262, 0);
    if (bytesRead >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && b.readUInt32LE(0) === 0x04034b50) return 'zip';
    if (bytesRead >= 262 && b.toString('latin1', 257, 262) === 'ustar') return 'tar';
    return 'raw';
  } finally {
    await fh.close();
  }
}

/**
 * Unpacks an archive file to `dest` as Argo does: extract into a sibling
 * temp dir; a single top-level entry becomes `dest` itself, several entries
 * make `dest` a directory holding them. Returns false for a plain file.
 */
export async function unpackTo(file: string, dest: string, label: string): Promise<boolean> {
  const format = await detectFormat(file);
  if (format === 'raw') return false;
  const tmp = `${dest}.tmpdir`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    if (format === 'zip') await extractZip(file, tmp, label);
    else await extractTar(createReadStream(file, { highWaterMark: 1 << 20 }), tmp, label, { gunzip: format === 'gzip' });
    // Links checked one by one can still combine into a way out (a -> ., b -> a/..): judge them by real path.
    await checkLinksStayInside(tmp, (link, to) => `${label}: link "${link}" resolves outside the target directory (to "${to}"); refusing to unpack`);
    const entries = await readdir(tmp);
    await rm(dest, { recursive: true, force: true });
    if (entries.length === 1) {
      await rename(join(tmp, entries[0]!), dest);
      await rm(tmp, { recursive: true, force: true });
    } else {
      await rename(tmp, dest);
    }
    return true;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

export interface ArchivedStream {
  stream: Readable;
  /** The file name Argo gives the stored object, from the artifact name. */
  fileName: string;
}

export type OutputArchive = 'tgz' | 'zip' | 'none';

export function archiveKind(strategy: ArchiveStrategy | undefined): OutputArchive {
  if (strategy?.none) return 'none';
  if (strategy?.zip) return 'zip';
  return 'tgz';
}

/** The file name Argo gives the stored archive of an artifact (not for `none`, which keeps the path's own name). */
export function archiveFileName(artifactName: string, strategy: ArchiveStrategy | undefined): string {
  return archiveKind(strategy) === 'zip' ? `${artifactName}.zip` : `${artifactName}.tgz`;
}

/** Streams `srcPath` archived by `strategy` (not for `none`, which uploads the path itself). */
export function archiveStream(srcPath: string, artifactName: string, strategy: ArchiveStrategy | undefined): ArchivedStream {
  const fileName = archiveFileName(artifactName, strategy);
  if (archiveKind(strategy) === 'zip') return { stream: zipStream(srcPath), fileName };
  const level = strategy?.tar?.compressionLevel ?? -1;
  return { stream: tarStream(srcPath, level), fileName };
}
