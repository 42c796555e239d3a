/**
 * Unpacks one image layer (a tar, gzip-compressed or not) into its own
 * directory, in the form the kernel's overlayfs reads as one lower layer:
 * an OCI whiteout `.wh.NAME` becomes a whiteout device (char 0:0, which any
 * user may create since Linux 5.8) and an opaque directory `.wh..wh..opq`
 * becomes a whiteout for every name the lower layers hold there (overlayfs
 * marks opaque directories with an xattr that an unprivileged process cannot
 * set). Because of the latter a layer is unpacked per chain (the layers
 * below it), as containerd's snapshotters key them.
 *
 * Refused: entries that escape the layer root (`..`, absolute paths, links
 * pointing out) fail the layer; device files and FIFOs are skipped; setuid
 * and setgid bits are cleared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, posix } from 'node:path';
import * as tar from 'tar';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

export class LayerError extends Error {
  readonly code = 'BadLayer' as const;
  readonly transient = false;
}

export interface UnpackResult {
  /** Bytes of the files written. */
  size: number;
  /** Entries not created (device files, FIFOs). */
  skipped: string[];
  /** Paths whose setuid/setgid bits were cleared. */
  clearedSetuid: string[];
}

/** Inside-the-layer path of an entry, or undefined when it escapes the layer root. */
function inside(p: string): string | undefined {
  if (p.startsWith('/')) return undefined;
  const n = posix.normalize(p);
  if (n === '..' || n.startsWith('../')) return undefined;
  return n.replace(/\/$/, '');
}

/** Unpacks `blob` into `root` (which must not exist yet); `lowerRoots` are the unpacked layers below, bottom first. */
export async function unpackLayer(blob: string, root: string, lowerRoots: string[], what: string): Promise<UnpackResult> {
  mkdirSync(root, { recursive: true });
  const whiteouts: string[] = [];
  const opaque: string[] = [];
  const escapes: string[] = [];
  const result: UnpackResult = { size: 0, skipped: [], clearedSetuid: [] };
  await tar.x({
    file: blob, cwd: root, preservePaths: false, chmod: true, processUmask: 0, strict: true,
    filter: (path, entry) => {
      const e = entry as tar.ReadEntry;
      const p = inside(path);
      if (p === undefined) {
        escapes.push(path);
        return false;
      }
      if (e.type === 'Link' && e.linkpath !== undefined && inside(e.linkpath) === undefined) {
        escapes.push(`${path} -> ${e.linkpath}`);
        return false;
      }
      const base = posix.basename(p);
      if (base === OPAQUE) {
        opaque.push(posix.dirname(p));
        return false;
      }
      if (base.startsWith(WHITEOUT_PREFIX)) {
        whiteouts.push(posix.join(posix.dirname(p), base.slice(WHITEOUT_PREFIX.length)));
        return false;
      }
      if (e.type === 'CharacterDevice' || e.type === 'BlockDevice' || e.type === 'FIFO') {
        result.skipped.push(p);
        return false;
      }
      if (typeof e.mode === 'number' && (e.mode & 0o6000) !== 0) {
        e.mode &= ~0o6000;
        result.clearedSetuid.push(p);
      }
      if (e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile') result.size += e.size ?? 0;
      return true;
    },
  }).catch((e: Error) => {
    throw new LayerError(`${what}: cannot unpack: ${e.message}`);
  });
  if (escapes.length) throw new LayerError(`${what}: entry ${escapes[0]} escapes the layer root`);
  for (const dir of opaque) {
    // Everything the lower layers have in an opaque directory is hidden, unless this layer brings it itself.
    const own = new Set(listDir(root, dir));
    const hidden = new Set<string>();
    for (const lower of lowerRoots) for (const name of listDir(lower, dir)) if (!own.has(name)) hidden.add(name);
    for (const name of hidden) whiteouts.push(posix.join(dir, name));
  }
  for (const w of whiteouts) makeWhiteout(root, w);
  return result;
}

/** Whether `rel` under `root` is reached without following a symlink (a layer's `etc -> /` must not lead out). */
function noSymlinkOnPath(root: string, rel: string): boolean {
  let cur = root;
  for (const part of normalize(rel).split('/').filter(Boolean)) {
    cur = join(cur, part);
    try {
      if (lstatSync(cur).isSymbolicLink()) return false;
    } catch {
      return true;
    }
  }
  return true;
}

function listDir(root: string, rel: string): string[] {
  const dir = join(root, normalize(rel));
  try {
    return noSymlinkOnPath(root, rel) && lstatSync(dir).isDirectory() ? readdirSync(dir) : [];
  } catch {
    return [];
  }
}

/** A char 0:0 device: overlayfs's whiteout. Node has no mknod, so the coreutils tool makes it (argv, no shell). */
function makeWhiteout(root: string, rel: string): void {
  const target = join(root, normalize(rel));
  if (!noSymlinkOnPath(root, posix.dirname(rel)) || existsSync(target)) return;
  mkdirSync(dirname(target), { recursive: true });
  execFileSync('mknod', [target, 'c', '0', '0'], { stdio: 'ignore' });
}
