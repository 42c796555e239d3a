/**
 * Builds the bubblewrap argument vector for one container. bwrap 0.8 has no
 * overlays, so `/` is never bound: every mount point named here is created
 * inside bwrap's private root tmpfs and nothing appears on the host.
 */
import { hostRootArgs } from './layout.js';

export interface SandboxMount {
  /** Directory or file on the host. */
  hostPath: string;
  /** Absolute path inside the sandbox. */
  containerPath: string;
  readOnly?: boolean;
}

export interface SandboxSpec {
  command: string[];
  env: Record<string, string>;
  mounts: SandboxMount[];
  workingDir?: string;
  hostname?: string;
  /** Host directory of shim scripts, bound read-only at SHIMS_MOUNT_PATH. */
  shimsDir?: string;
  /** Host file bound at the container's terminationMessagePath. */
  terminationLog?: { hostPath: string; containerPath: string };
  /** Run as this uid/gid (in a user namespace) instead of root. */
  user?: { uid: number; gid: number };
  /** The container's own root (an image's layers under its writable layer, see images/rootfs.ts) instead of the host's tools. */
  rootfs?: string;
}

/** Where shims appear inside every sandbox; first on PATH. */
export const SHIMS_MOUNT_PATH = '/.argo-ts/shims';
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const BWRAP = 'bwrap';

/**
 * Directories every image has and containers write to (their root file system
 * is writable); created empty in the sandbox's private root tmpfs.
 */
const WRITABLE_ROOT_DIRS = ['/root', '/home', '/mnt', '/media', '/opt', '/srv', '/run', '/var', '/var/log', '/var/lib', '/var/cache'];

/** Kubernetes sets the pod hostname to the pod name cut to 63 characters (a DNS label). */
export function podHostname(name: string): string {
  return name.slice(0, 63).replace(/[-.]+$/, '') || 'pod';
}

export function buildBwrapArgv(spec: SandboxSpec): string[] {
  if (spec.command.length === 0) throw new Error('sandbox: empty command');
  const args = [
    BWRAP,
    '--die-with-parent', '--new-session',
    '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
  ];
  if (spec.user) args.push('--unshare-user', '--uid', String(spec.user.uid), '--gid', String(spec.user.gid));
  if (spec.rootfs) {
    // An image brings its own /tmp and /var; only the node's name resolution is lent, as a kubelet does.
    args.push('--bind', spec.rootfs, '/', '--proc', '/proc', '--dev', '/dev');
    for (const f of ['/etc/resolv.conf', '/etc/hosts']) args.push('--ro-bind-try', f, f);
  } else {
    args.push(...hostRootArgs(), '--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp');
    for (const dir of WRITABLE_ROOT_DIRS) args.push('--dir', dir);
    args.push('--perms', '1777', '--dir', '/var/tmp');
  }
  if (spec.hostname) args.push('--hostname', podHostname(spec.hostname));
  if (spec.shimsDir) args.push('--ro-bind', spec.shimsDir, SHIMS_MOUNT_PATH);
  // Shallow mounts first so that a deeper mount is not hidden by its parent.
  const mounts = [...spec.mounts].sort((a, b) => depth(a.containerPath) - depth(b.containerPath));
  for (const m of mounts) {
    args.push(m.readOnly ? '--ro-bind' : '--bind', m.hostPath, m.containerPath);
  }
  if (spec.terminationLog) args.push('--bind', spec.terminationLog.hostPath, spec.terminationLog.containerPath);
  // A runtime creates a WORKDIR (or workingDir) the image lacks.
  if (spec.rootfs && spec.workingDir) args.push('--dir', spec.workingDir);
  if (spec.workingDir) args.push('--chdir', spec.workingDir);
  args.push('--clearenv');
  for (const [k, v] of Object.entries(sandboxEnv(spec))) args.push('--setenv', k, v);
  args.push('--', ...spec.command);
  return args;
}

/** The env seen inside: the container's env, PATH defaulted and shims first. */
export function sandboxEnv(spec: Pick<SandboxSpec, 'env' | 'shimsDir' | 'hostname'>): Record<string, string> {
  const env: Record<string, string> = { ...spec.env };
  const path = env.PATH ?? DEFAULT_PATH;
  env.PATH = spec.shimsDir ? `${SHIMS_MOUNT_PATH}:${path}` : path;
  env.HOME ??= '/root';
  if (spec.hostname) env.HOSTNAME ??= podHostname(spec.hostname);
  return env;
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
