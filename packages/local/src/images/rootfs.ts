/**
 * A container's root file system: the image's unpacked layers, shared and
 * read-only, under an overlay whose writable layer is the container's own
 * directory; nothing of the image is copied per run (docs/decisions/0008).
 *
 * bubblewrap 0.8 cannot mount an overlay, so a fixed wrapper does it in a new
 * mount namespace (a user namespace too when not root, which Linux allows
 * since 5.11) and then execs bwrap, which binds the merged directory as `/`.
 * The shell text is a constant: every path reaches it as an argument.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const MOUNT_THEN_EXEC = 'mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4" && shift 4 && exec "$@"';

export interface ContainerRoot {
  /** Where the merged root appears (inside the wrapper's mount namespace only). */
  merged: string;
  /** argv to put before bwrap's. */
  wrapper: string[];
}

/** `layerRoots` bottom first; `dir` is the container's own directory (upper, work and mount point go there). */
export function containerRoot(layerRoots: string[], dir: string): ContainerRoot {
  const upper = join(dir, 'upper');
  const work = join(dir, 'work');
  const merged = join(dir, 'merged');
  for (const d of [upper, work, merged]) mkdirSync(d, { recursive: true });
  // overlayfs lists the top layer first.
  const lowerdir = [...layerRoots].reverse().map(escapeOption).join(':');
  const unshare = process.getuid?.() === 0 ? ['unshare', '--mount', '--propagation', 'private'] : ['unshare', '--user', '--map-root-user', '--mount'];
  return { merged, wrapper: [...unshare, '--', '/bin/sh', '-c', MOUNT_THEN_EXEC, 'sh', lowerdir, upper, work, merged] };
}

/** overlayfs splits lowerdir on ':' and options on ','; escape them in paths. */
function escapeOption(p: string): string {
  return p.replace(/[\\:,]/g, (c) => `\\${c}`);
}
