/**
 * A container's volumeMounts resolved to host paths: bind mounts for the
 * sandbox, and a path resolver for executor containers run in-process.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';
import type { V1Container } from '@kubernetes/client-node';
import type { SandboxMount } from '../sandbox/bwrap.js';
import { ContainerConfigError } from './env.js';
import { expandVars } from './expand.js';
import { safeRelative } from './volumes.js';

export function containerMounts(container: V1Container, volumes: Map<string, string>, env: Record<string, string>): SandboxMount[] {
  return (container.volumeMounts ?? []).map((m) => {
    const where = `container ${container.name}: volumeMount ${m.name}`;
    const base = volumes.get(m.name);
    if (!base) throw new ContainerConfigError(`${where}: no volume named "${m.name}" in the pod`);
    if (!posix.isAbsolute(m.mountPath)) throw new ContainerConfigError(`${where}: mountPath "${m.mountPath}" must be absolute`);
    const sub = m.subPathExpr ? expandVars(m.subPathExpr, (n) => env[n]) : m.subPath;
    let hostPath = base;
    if (sub) {
      hostPath = join(base, safeRelative(sub, where));
      // Kubernetes creates a missing subPath as a directory.
      if (!existsSync(hostPath)) mkdirSync(hostPath, { recursive: true });
    }
    return { hostPath, containerPath: posix.normalize(m.mountPath), readOnly: m.readOnly ?? false };
  });
}

/**
 * Container path → host path: the longest mountPath prefix wins; paths under
 * no mount land in a private per-container scratch root.
 */
export function pathResolver(mounts: SandboxMount[], scratchRoot: string): (containerPath: string) => string {
  const sorted = [...mounts].sort((a, b) => b.containerPath.length - a.containerPath.length);
  return (containerPath) => {
    const p = posix.normalize(posix.isAbsolute(containerPath) ? containerPath : `/${containerPath}`);
    for (const m of sorted) {
      if (p === m.containerPath) return m.hostPath;
      const prefix = m.containerPath.endsWith('/') ? m.containerPath : `${m.containerPath}/`;
      if (p.startsWith(prefix)) return join(m.hostPath, p.slice(prefix.length));
    }
    return normalize(join(scratchRoot, p));
  };
}
