/**
 * Memory limits for sandboxed containers, strongest mechanism first:
 *  1. cgroup v1 memory controller (`/sys/fs/cgroup/memory` writable): the
 *     kernel OOM-kills the container (SIGKILL → exit 137) and
 *     `memory.oom_control` says so → reason OOMKilled, like a kubelet.
 *  2. cgroup v2 with the memory controller delegated: same, via memory.max and
 *     memory.events.
 *  3. `prlimit --as` (RLIMIT_AS): allocations fail instead (the program sees
 *     ENOMEM / MemoryError and usually exits 1); OOMKilled cannot be detected.
 *  4. none: the limit is not enforced (a warning is logged once).
 * The process joins its cgroup through a fixed `/bin/sh` line that moves
 * itself there and then execs the sandbox; user data is never part of it.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';

export type MemoryMechanism = 'cgroup-v1' | 'cgroup-v2' | 'rlimit-as' | 'none';

export interface MemoryLimit {
  /** argv prefix to put before the sandbox argv. */
  wrapper: string[];
  /** After exit: did the kernel OOM-kill the container? */
  oomKilled(): boolean;
  cleanup(): void;
}

const JOIN_CGROUP = 'echo $$ > "$1" && shift && exec "$@"';
const CGROUP_V1 = '/sys/fs/cgroup/memory';

let detected: { mechanism: MemoryMechanism; root?: string } | undefined;

export function memoryMechanism(): MemoryMechanism {
  return detect().mechanism;
}

export function prepareMemoryLimit(id: string, bytes: number): MemoryLimit {
  const { mechanism, root } = detect();
  const safeId = id.replace(/[^A-Za-z0-9_.-]/g, '_');
  if ((mechanism === 'cgroup-v1' || mechanism === 'cgroup-v2') && root) {
    const dir = join(root, 'argo-ts', safeId);
    mkdirSync(dir, { recursive: true });
    const v1 = mechanism === 'cgroup-v1';
    writeFileSync(join(dir, v1 ? 'memory.limit_in_bytes' : 'memory.max'), String(bytes));
    if (!v1) tryWrite(join(dir, 'memory.swap.max'), '0');
    return {
      wrapper: ['/bin/sh', '-c', JOIN_CGROUP, 'sh', join(dir, 'cgroup.procs')],
      oomKilled: () => counter(join(dir, v1 ? 'memory.oom_control' : 'memory.events'), 'oom_kill') > 0,
      cleanup: () => removeCgroup(dir),
    };
  }
  if (mechanism === 'rlimit-as') {
    return { wrapper: ['prlimit', `--as=${bytes}:${bytes}`, '--'], oomKilled: () => false, cleanup: () => {} };
  }
  return { wrapper: [], oomKilled: () => false, cleanup: () => {} };
}

function detect(): { mechanism: MemoryMechanism; root?: string } {
  if (detected) return detected;
  if (writableDir(CGROUP_V1) && existsSync(join(CGROUP_V1, 'memory.limit_in_bytes'))) {
    detected = { mechanism: 'cgroup-v1', root: CGROUP_V1 };
  } else {
    const v2 = cgroupV2Root();
    if (v2) detected = { mechanism: 'cgroup-v2', root: v2 };
    else if (onPath('prlimit')) detected = { mechanism: 'rlimit-as' };
    else detected = { mechanism: 'none' };
  }
  return detected;
}

function cgroupV2Root(): string | undefined {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return undefined;
  }
  const line = mounts.split('\n').find((l) => l.split(' ')[2] === 'cgroup2');
  const mountPoint = line?.split(' ')[1];
  if (!mountPoint || !writableDir(mountPoint)) return undefined;
  try {
    if (!readFileSync(join(mountPoint, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) return undefined;
    const parent = join(mountPoint, 'argo-ts');
    mkdirSync(parent, { recursive: true });
    writeFileSync(join(mountPoint, 'cgroup.subtree_control'), '+memory');
    writeFileSync(join(parent, 'cgroup.subtree_control'), '+memory');
    return mountPoint;
  } catch {
    return undefined;
  }
}

function counter(file: string, key: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `));
    return line ? Number(line.split(' ')[1]) : 0;
  } catch {
    return 0;
  }
}

/** rmdir fails with EBUSY while killed members are still being reaped: retry a few times. */
function removeCgroup(dir: string, attempt = 0): void {
  try {
    rmdirSync(dir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || attempt >= 8) return;
    setTimeout(() => removeCgroup(dir, attempt + 1), 25 * 2 ** attempt).unref();
  }
}

function tryWrite(file: string, value: string): void {
  try {
    writeFileSync(file, value);
  } catch {
    // optional knob
  }
}

function writableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && existsSync(join(d, cmd)));
}
