import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Streams into `dest` through a temp file + rename, so a failed download leaves nothing behind. */
export async function streamToFile(stream: Readable, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.partial-${process.pid}-${Date.now()}`;
  try {
    await pipeline(stream, createWriteStream(tmp));
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A directory every container of the pod writes to. Containers run as
 * different users (wait as the executor image's 8737, main as root or its
 * runAsUser), so what one creates must stay writable by the others: 0777 as
 * a kubelet makes the emptyDir itself (mkdir's mode is cut by the umask,
 * hence the chmod). Directories that already existed are left alone.
 */
export async function mkdirShared(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    await chmod(d, 0o777);
    if (d === first || d === dirname(d)) break;
  }
}

/** Regular files under `root`, as paths relative to it with '/' separators. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}
