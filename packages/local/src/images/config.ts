/**
 * The image configuration applied to a container as Kubernetes applies it:
 * `command` replaces ENTRYPOINT (and drops CMD), `args` replaces CMD; the
 * image's ENV comes first and the container's env overrides it; `workingDir`
 * or else WORKDIR or else `/`; USER (a name or uid, optionally `:group`)
 * resolved through the image's /etc/passwd and /etc/group, unless the
 * securityContext says runAsUser/runAsGroup.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { ImageConfig } from '@argo-ts/oci';

export class ImageConfigError extends Error {
  readonly code = 'CreateContainerError' as const;
  readonly transient = false;
}

export interface AppliedImage {
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
  /** undefined: root. */
  user?: { uid: number; gid: number };
}

export function applyImageConfig(
  config: ImageConfig, c: V1Container, pod: V1Pod, containerEnv: Record<string, string>, command: string[] | undefined, args: string[] | undefined, layerRoots: string[],
): AppliedImage {
  const ic = config.config ?? {};
  const argv = command && command.length > 0 ? [...command, ...(args ?? [])] : [...(ic.Entrypoint ?? []), ...(args && args.length > 0 ? args : (ic.Cmd ?? []))];
  if (argv.length === 0) throw new ImageConfigError(`container ${c.name}: no command specified and the image has no ENTRYPOINT or CMD`);
  const env: Record<string, string> = {};
  for (const kv of ic.Env ?? []) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  Object.assign(env, containerEnv);
  const user = resolveUser(ic.User ?? '', c, pod, layerRoots);
  if (env.HOME === undefined && user?.home) env.HOME = user.home;
  const workingDir = c.workingDir || ic.WorkingDir || '/';
  return { argv, env, workingDir, ...(user && (user.uid !== 0 || user.gid !== 0) ? { user: { uid: user.uid, gid: user.gid } } : {}) };
}

interface ResolvedUser {
  uid: number;
  gid: number;
  home?: string;
}

function resolveUser(spec: string, c: V1Container, pod: V1Pod, layerRoots: string[]): ResolvedUser | undefined {
  const runAsUser = c.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser;
  const runAsGroup = c.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup;
  let resolved: ResolvedUser | undefined;
  if (spec) {
    const [name, group] = spec.split(':', 2) as [string, string | undefined];
    const passwd = readImageFile(layerRoots, 'etc/passwd');
    const entry = parseColonFile(passwd).find((f) => (/^\d+$/.test(name) ? f[2] === name : f[0] === name));
    let uid: number;
    let gid: number;
    let home: string | undefined;
    if (entry) {
      uid = Number(entry[2]);
      gid = Number(entry[3]);
      home = entry[5] || undefined;
    } else if (/^\d+$/.test(name)) {
      uid = Number(name);
      gid = 0;
    } else {
      throw new ImageConfigError(`container ${c.name}: unable to find user ${name}: no matching entries in passwd file`);
    }
    if (group) {
      const g = parseColonFile(readImageFile(layerRoots, 'etc/group')).find((f) => (/^\d+$/.test(group) ? f[2] === group : f[0] === group));
      if (g) gid = Number(g[2]);
      else if (/^\d+$/.test(group)) gid = Number(group);
      else throw new ImageConfigError(`container ${c.name}: unable to find group ${group}: no matching entries in group file`);
    }
    resolved = { uid, gid, ...(home ? { home } : {}) };
  }
  if (runAsUser !== undefined || runAsGroup !== undefined) {
    resolved = { uid: runAsUser ?? resolved?.uid ?? 0, gid: runAsGroup ?? resolved?.gid ?? 0, ...(resolved?.home ? { home: resolved.home } : {}) };
  }
  return resolved;
}

/** The file as the merged root shows it: the top-most layer that has it; a whiteout hides it. */
function readImageFile(layerRoots: string[], rel: string): string {
  for (let i = layerRoots.length - 1; i >= 0; i--) {
    const p = join(layerRoots[i]!, rel);
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (!st.isFile()) return '';
    return readFileSync(p, 'utf8');
  }
  return '';
}

function parseColonFile(text: string): string[][] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}
