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
  /** The container's own root (an image's layers under its writable layer, see images/rootfs.ts) instead of the host's tools. */
  rootfs?: string;
  /** Symbolic links created in the sandbox's root (`path` → `target`), e.g. where an image would have a directory. */
  symlinks?: { target: string; path: string }[];
  /** The uid/gid the command runs as (a node runs the image's USER or runAsUser); unset: the daemon's own. */
  user?: { uid: number; gid: number };
}

/** Where shims appear inside every sandbox; first on PATH. */
export const SHIMS_MOUNT_PATH = '/.argo-ts/shims';
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const BWRAP = 'bwrap';
/** util-linux's setpriv, from the host's /usr bound into every sandbox. */
const SETPRIV = '/usr/bin/setpriv';

/**
 * Directories every image has and containers write to (their root file system
 * is writable); created empty in the sandbox's private root tmpfs.
 */
const WRITABLE_ROOT_DIRS = ['/root', '/home', '/mnt', '/media', '/opt', '/srv', '/run', '/var', '/var/log', '/var/lib', '/var/cache'];

/** Kubernetes sets the pod hostname to the pod name cut to 63 characters (a DNS label). */
export function podHostname(name: string): string {
  return name.slice(0, 63).replace(/[-.]+$/, '') || 'pod';
}

/**
 * The sandbox's environment as bwrap arguments (`--setenv K V`, NUL-separated),
 * for a file the spawn helper hands bwrap as fd 3 (`--args 3`): env values
 * (Secrets among them) never appear on a command line that `ps` shows to
 * every local user (issue 14, finding 7). Written 0600 by the kubelet.
 */
export function bwrapEnvArgs(spec: SandboxSpec): Buffer {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sandboxEnv(spec))) parts.push('--setenv', k, v);
  return Buffer.from(parts.map((p) => `${p}\0`).join(''), 'utf8');
}

/** The descriptor the env arguments arrive on (see bwrapEnvArgs). */
export const ENV_ARGS_FD = 3;

/** `envArgsFd`: the env comes from that descriptor (see bwrapEnvArgs), not argv; unset: argv (tests that read the argv). */
export function buildBwrapArgv(spec: SandboxSpec, opts: { envArgsFd?: number } = {}): string[] {
  if (spec.command.length === 0) throw new Error('sandbox: empty command');
  const args = [
    BWRAP,
    '--die-with-parent', '--new-session',
    '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    ...userNamespaceArgs(spec),
  ];
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
  const made = new Set<string>();
  for (const m of mounts) {
    // bwrap makes missing parents of a mount point 0700: a non-root user could not reach its own volume.
    if (spec.user) args.push(...parentDirArgs(m.containerPath, made));
    args.push(m.readOnly ? '--ro-bind' : '--bind', m.hostPath, m.containerPath);
  }
  for (const l of spec.symlinks ?? []) args.push('--symlink', l.target, l.path);
  if (spec.terminationLog) args.push('--bind', spec.terminationLog.hostPath, spec.terminationLog.containerPath);
  // A runtime creates a WORKDIR (or workingDir) the root lacks, on an image's root and on host tools alike
  // (after the mounts, so a working dir inside a volume is made in the volume, as there).
  if (spec.workingDir && spec.workingDir !== '/') args.push('--dir', spec.workingDir);
  if (spec.workingDir) args.push('--chdir', spec.workingDir);
  args.push('--clearenv');
  if (opts.envArgsFd !== undefined) args.push('--args', String(opts.envArgsFd));
  else for (const [k, v] of Object.entries(sandboxEnv(spec))) args.push('--setenv', k, v);
  args.push('--', ...userArgs(spec), ...spec.command);
  return args;
}

/**
 * Running as another user. A root daemon's bwrap sets up the mounts as root
 * (so it can read the state dir whatever its mode) and `setpriv` then really
 * becomes that uid on the host, as a node's runtime does: files it writes are
 * owned by it and permissions apply. A non-root daemon cannot change uid, so
 * the user namespace maps the requested ids onto its own (inside only).
 */
function userArgs({ user, rootfs }: SandboxSpec): string[] {
  // An image's root has no setpriv of ours: there the user namespace maps the ids (inside only).
  if (!user || rootfs || process.getuid?.() !== 0) return [];
  if (user.uid === 0 && user.gid === 0) return [];
  return [SETPRIV, `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--'];
}

/** `--perms 0755 --dir` for each ancestor of `path` not made yet (existing directories are left as they are). */
function parentDirArgs(path: string, made: Set<string>): string[] {
  const out: string[] = [];
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    if (made.has(dir)) continue;
    made.add(dir);
    out.push('--perms', '0755', '--dir', dir);
  }
  return out;
}

function userNamespaceArgs({ user, rootfs }: SandboxSpec): string[] {
  if (!user || (process.getuid?.() === 0 && !rootfs)) return [];
  return ['--unshare-user', '--uid', String(user.uid), '--gid', String(user.gid)];
}

/** The env seen inside: the container's env, PATH defaulted and shims first. */
export function sandboxEnv(spec: Pick<SandboxSpec, 'env' | 'shimsDir' | 'hostname' | 'user'>): Record<string, string> {
  const env: Record<string, string> = { ...spec.env };
  const path = env.PATH ?? DEFAULT_PATH;
  env.PATH = spec.shimsDir ? `${SHIMS_MOUNT_PATH}:${path}` : path;
  // A runtime takes HOME from the image's /etc/passwd; a uid without an entry gets /.
  env.HOME ??= spec.user && spec.user.uid !== 0 ? '/' : '/root';
  if (spec.hostname) env.HOSTNAME ??= podHostname(spec.hostname);
  return env;
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
