/**
 * The sandbox's root file system is bwrap's own empty tmpfs; the host's /usr
 * is bound read-only into it, and /etc is made per sandbox from the host
 * files a container needs (see ETC_FILES): never the host's whole /etc, whose
 * shadow, SSH host keys and credentials are the host's (issue 14, finding 6). Debian-style merged-/usr hosts have
 * /bin, /sbin, /lib* as symlinks into /usr, older layouts have real
 * directories: mirror whichever the host has, once per process.
 */
import { lstatSync, readlinkSync } from 'node:fs';

const TOP_LEVEL_SYSTEM_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'] as const;

/**
 * What a container needs from /etc, all world-readable on a host: users and
 * groups (names for ids), name resolution, CA certificates, the dynamic
 * linker's cache, time zone, and Debian's alternatives (/usr/bin/awk and the
 * like are links through /etc/alternatives). Missing ones are skipped.
 */
export const ETC_FILES = [
  'passwd', 'group', 'hosts', 'hostname', 'resolv.conf', 'nsswitch.conf', 'host.conf', 'gai.conf', 'networks', 'protocols', 'services',
  'ssl', 'ca-certificates', 'ca-certificates.conf', 'pki', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'alternatives',
  'localtime', 'timezone', 'os-release', 'debian_version', 'mime.types', 'shells', 'profile', 'bash.bashrc', 'inputrc', 'locale.alias', 'magic', 'magic.mime',
] as const;

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
  args.push('--dir', '/etc');
  for (const name of ETC_FILES) args.push('--ro-bind-try', `/etc/${name}`, `/etc/${name}`);
  return args;
}
