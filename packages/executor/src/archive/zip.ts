/**
 * A small zip reader and writer (stored and deflate, no zip64, no encryption),
 * enough for `archive: {zip: {}}` and zipped input artifacts. Both stream:
 * entry data goes through zlib one chunk at a time.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, symlink, chmod } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { ExecutorError } from '../errors.js';
import { checkLinkTarget, mkdirNoLinks, safeEntryPath } from './safety.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
  mode: number;
}

/** Unpacks the zip file at `zipPath` into `destDir` (which must exist), refusing unsafe entries. */
export async function extractZip(zipPath: string, destDir: string, label: string): Promise<void> {
  const entries = await readCentralDirectory(zipPath, label);
  for (const e of entries) {
    const target = safeEntryPath(destDir, e.name, label);
    if ((e.mode & S_IFMT) === S_IFLNK) checkLinkTarget(destDir, target, e.name, await readEntryText(zipPath, e), label, false);
  }
  for (const e of entries) {
    const target = safeEntryPath(destDir, e.name, label);
    const kind = e.mode & S_IFMT;
    await mkdirNoLinks(destDir, target, e.name, label);
    if (e.name.endsWith('/') || kind === S_IFDIR) {
      await mkdir(target, { recursive: true });
      continue;
    }
    if (kind === S_IFLNK) {
      await symlink(await readEntryText(zipPath, e), target);
      continue;
    }
    // wx: a file entry never opens what is already there (a link included).
    await pipeline(await entryStream(zipPath, e, label), createWriteStream(target, { flags: 'wx' }));
    if (e.mode & 0o777) await chmod(target, e.mode & 0o777);
  }
}

async function readCentralDirectory(zipPath: string, label: string): Promise<CentralEntry[]> {
  const fh = await open(zipPath, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let end = -1;
    for (let i = tailLen - 22; i >= 0; i--) if (tail.readUInt32LE(i) === SIG_END) { end = i; break; }
    if (end < 0) throw new ExecutorError('ArchiveInvalid', `${label}: not a zip archive (no end-of-central-directory record)`);
    const count = tail.readUInt16LE(end + 10);
    const cdSize = tail.readUInt32LE(end + 12);
    const cdOffset = tail.readUInt32LE(end + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) {
      throw new ExecutorError('ArchiveInvalid', `${label}: zip64 archives are not supported`);
    }
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const out: CentralEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== SIG_CENTRAL) throw new ExecutorError('ArchiveInvalid', `${label}: corrupt zip central directory`);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      out.push({
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        mode: cd.readUInt32LE(p + 38) >>> 16,
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

async function entryStream(zipPath: string, e: CentralEntry, label: string): Promise<Readable> {
  const fh = await open(zipPath, 'r');
  const head = Buffer.alloc(30);
  try {
    await fh.read(head, 0, 30, e.localOffset);
  } finally {
    await fh.close();
  }
  if (head.readUInt32LE(0) !== SIG_LOCAL) throw new ExecutorError('ArchiveInvalid', `${label}: corrupt zip entry "${e.name}"`);
  const start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(zipPath, { start, end: start + e.compressedSize - 1 });
  if (e.method === 0) return raw;
  if (e.method === 8) return raw.pipe(createInflateRaw());
  throw new ExecutorError('ArchiveInvalid', `${label}: zip entry "${e.name}" uses unsupported compression method ${e.method}`);
}

async function readEntryText(zipPath: string, e: CentralEntry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await entryStream(zipPath, e, zipPath)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A zip stream of `srcPath` with one top-level entry named after it (file or directory tree). */
export function zipStream(srcPath: string): Readable {
  return Readable.from(zipChunks(srcPath));
}

interface Written { name: string; crc: number; csize: number; usize: number; offset: number; mode: number; method: number }

async function* zipChunks(srcPath: string): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  for await (const item of walk(srcPath, basename(srcPath))) {
    const method = item.kind === 'file' ? 8 : 0;
    const header = localHeader(item.name, method);
    yield header;
    const entry: Written = { name: item.name, crc: 0, csize: 0, usize: 0, offset, mode: item.mode, method };
    offset += header.length;
    if (item.kind === 'file') {
      let crc = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) { crc = crc32(chunk, crc); entry.usize += chunk.length; cb(null, chunk); },
      });
      const deflated = createReadStream(item.path).pipe(counter).pipe(createDeflateRaw());
      for await (const c of deflated) { entry.csize += (c as Buffer).length; yield c as Buffer; }
      entry.crc = crc;
    } else if (item.kind === 'symlink') {
      const data = Buffer.from(item.link ?? '', 'utf8');
      entry.crc = crc32(data); entry.csize = entry.usize = data.length;
      yield data;
    }
    if (entry.csize > 0xfffffffe || entry.usize > 0xfffffffe) {
      throw new ExecutorError('ArchiveInvalid', `${srcPath}: "${item.name}" is larger than 4 GiB, which zip without zip64 cannot hold; use tar`);
    }
    offset += entry.csize;
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(SIG_DESCRIPTOR, 0); desc.writeUInt32LE(entry.crc >>> 0, 4);
    desc.writeUInt32LE(entry.csize, 8); desc.writeUInt32LE(entry.usize, 12);
    yield desc;
    offset += 16;
    written.push(entry);
  }
  const cdStart = offset;
  let cdSize = 0;
  for (const w of written) { const c = centralHeader(w); cdSize += c.length; yield c; }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(written.length, 8); end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(cdSize, 12); end.writeUInt32LE(cdStart, 16);
  yield end;
}

function localHeader(name: string, method: number): Buffer {
  const n = Buffer.from(name, 'utf8');
  const b = Buffer.alloc(30);
  b.writeUInt32LE(SIG_LOCAL, 0); b.writeUInt16LE(20, 4); b.writeUInt16LE(0x0808, 6); b.writeUInt16LE(method, 8);
  b.writeUInt16LE(0, 10); b.writeUInt16LE(0x21, 12); // 1980-01-01: reproducible archives
  b.writeUInt16LE(n.length, 26);
  return Buffer.concat([b, n]);
}

function centralHeader(w: Written): Buffer {
  const n = Buffer.from(w.name, 'utf8');
  const b = Buffer.alloc(46);
  b.writeUInt32LE(SIG_CENTRAL, 0); b.writeUInt16LE((3 << 8) | 20, 4); b.writeUInt16LE(20, 6);
  b.writeUInt16LE(0x0808, 8); b.writeUInt16LE(w.method, 10); b.writeUInt16LE(0, 12); b.writeUInt16LE(0x21, 14);
  b.writeUInt32LE(w.crc >>> 0, 16); b.writeUInt32LE(w.csize, 20); b.writeUInt32LE(w.usize, 24);
  b.writeUInt16LE(n.length, 28); b.writeUInt32LE((w.mode << 16) >>> 0, 38); b.writeUInt32LE(w.offset, 42);
  return Buffer.concat([b, n]);
}

interface WalkItem { kind: 'file' | 'dir' | 'symlink'; path: string; name: string; mode: number; link?: string }

async function* walk(path: string, name: string): AsyncGenerator<WalkItem> {
  const st = await lstat(path);
  if (st.isSymbolicLink()) { yield { kind: 'symlink', path, name, mode: st.mode, link: await readlink(path) }; return; }
  if (!st.isDirectory()) { yield { kind: 'file', path, name, mode: st.mode }; return; }
  yield { kind: 'dir', path, name: name + '/', mode: st.mode };
  for (const child of (await readdir(path)).sort()) yield* walk(join(path, child), `${name}/${child}`);
}

/** Writes a zip with arbitrary entry names (tests build hostile archives with it). */
export async function writeRawZip(dest: string, entries: { name: string; data?: string; mode?: number }[]): Promise<void> {
  const chunks: Buffer[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '', 'utf8');
    const header = localHeader(e.name, 0);
    const w: Written = { name: e.name, crc: crc32(data), csize: data.length, usize: data.length, offset, mode: e.mode ?? 0o100644, method: 0 };
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(SIG_DESCRIPTOR, 0); desc.writeUInt32LE(w.crc >>> 0, 4); desc.writeUInt32LE(w.csize, 8); desc.writeUInt32LE(w.usize, 12);
    chunks.push(header, data, desc);
    offset += header.length + data.length + 16;
    written.push(w);
  }
  const cd = written.map(centralHeader);
  const cdSize = cd.reduce((s, c) => s + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0); end.writeUInt16LE(written.length, 8); end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(cdSize, 12); end.writeUInt32LE(offset, 16);
  await pipeline(Readable.from([...chunks, ...cd, end]), createWriteStream(dest));
}
