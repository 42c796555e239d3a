/**
 * The sandbox's root file system is bwrap's own empty tmpfs; the host's /usr
 * and /etc are bound read-only into it. Debian-style merged-/usr hosts have
 * /bin, /sbin, /lib* as symlinks into /usr, older layouts have real
 * directories: mirror whichever the host has, once per process.
 */
import { lstatSync, readlinkSync } from 'node:fs';

const TOP_LEVEL_SYSTEM_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'] as const;

let cached: string[] | undefined;

/** bwrap arguments that recreate the host's system directories read-only. */
export function hostRootArgs(): string[] {
  cached ??= computeHostRootArgs();
  return cached;
}

function computeHostRootArgs(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of TOP_LEVEL_SYSTEM_DIRS) {
    const path = `/${name}`;
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (st.isDirectory()) args.push('--ro-bind', path, path);
  }
  args.push('--ro-bind', '/etc', '/etc');
  return args;
}
