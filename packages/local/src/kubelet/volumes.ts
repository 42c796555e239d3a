/**
 * Pod volumes become host directories the sandbox binds at each mountPath.
 * One handler per volume kind; everything is created under the state
 * directory except hostPath volumes, which are the host path itself.
 */
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { V1KeyToPath, V1Pod, V1Volume } from '@kubernetes/client-node';
import type { KubeletApi } from './api.js';
import { ContainerConfigError, fieldRefValue, resourceFieldValue } from './env.js';

export interface VolumeContext {
  pod: V1Pod;
  api: KubeletApi;
  /** `<stateDir>/pods/<ns>/<uid>/volumes` */
  volumesDir: string;
  /** `<stateDir>/pvcs` */
  pvcsDir: string;
  /** false: hostPath volumes are refused (see the hostPath handler). */
  allowHostPath?: boolean;
}

type Handler = (volume: V1Volume, ctx: VolumeContext, dir: string) => Promise<string>;

const HANDLERS: Record<string, Handler> = {
  // A kubelet makes an emptyDir world-writable (0777): containers of one pod may run as different users.
  emptyDir: async (_v, _ctx, dir) => {
    mkdirp(dir);
    chmodSync(dir, 0o777);
    return dir;
  },
  configMap: async (v, ctx, dir) => {
    const src = v.configMap!;
    const cm = await ctx.api.getConfigMap(namespaceOf(ctx), src.name ?? '');
    if (!cm && !src.optional) throw new ContainerConfigError(`volume ${v.name}: configmap "${src.name}" not found`);
    const data = { ...cm?.data, ...binaryData(cm?.binaryData) };
    writeKeys(dir, data, src.items, src.defaultMode, `volume ${v.name}`);
    return dir;
  },
  secret: async (v, ctx, dir) => {
    const src = v.secret!;
    const secret = await ctx.api.getSecret(namespaceOf(ctx), src.secretName ?? '');
    if (!secret && !src.optional) throw new ContainerConfigError(`volume ${v.name}: secret "${src.secretName}" not found`);
    writeKeys(dir, rawSecret(secret?.data), src.items, src.defaultMode ?? 0o644, `volume ${v.name}`);
    return dir;
  },
  downwardAPI: async (v, ctx, dir) => {
    writeDownward(dir, v.downwardAPI?.items ?? [], ctx.pod, v.downwardAPI?.defaultMode, `volume ${v.name}`);
    return dir;
  },
  projected: async (v, ctx, dir) => {
    mkdirp(dir);
    for (const source of v.projected?.sources ?? []) {
      if (source.configMap) await HANDLERS.configMap!({ name: v.name, configMap: { ...source.configMap, defaultMode: v.projected?.defaultMode } }, ctx, dir);
      if (source.secret) await HANDLERS.secret!({ name: v.name, secret: { secretName: source.secret.name, items: source.secret.items, optional: source.secret.optional, defaultMode: v.projected?.defaultMode } }, ctx, dir);
      if (source.downwardAPI) writeDownward(dir, source.downwardAPI.items ?? [], ctx.pod, v.projected?.defaultMode, `volume ${v.name}`);
    }
    return dir;
  },
  // A hostPath volume is the host itself: a pod that may create pods could read the daemon's keys
  // through one. Refused as Pod Security's baseline level refuses it, unless the daemon allows it.
  hostPath: async (v, ctx) => {
    if (!ctx.allowHostPath) {
      throw new ContainerConfigError(`volume ${v.name}: violates PodSecurity "baseline:latest": hostPath volumes (volume "${v.name}"); `
        + 'start the local cluster with `argo local start --allow-host-path` to allow them');
    }
    const { path, type } = v.hostPath!;
    const p = normalize(path);
    if (!isAbsolute(p) || p === '/') throw new ContainerConfigError(`volume ${v.name}: hostPath.path "${path}" must be an absolute path other than /`);
    if (type === 'DirectoryOrCreate') mkdirp(p);
    else if (type === 'FileOrCreate' && !existsSync(p)) writeFileSync(p, '');
    else if ((type === 'Directory' && !isDir(p)) || (type === 'File' && !existsSync(p))) {
      throw new ContainerConfigError(`volume ${v.name}: hostPath ${path} does not exist (type ${type})`);
    }
    return p;
  },
  persistentVolumeClaim: async (v, ctx) => {
    const claim = v.persistentVolumeClaim!.claimName;
    const dir = mkdirp(join(ctx.pvcsDir, namespaceOf(ctx), safeSegment(claim, `volume ${v.name}: claimName`)));
    try {
      await ctx.api.bindClaim(namespaceOf(ctx), claim);
    } catch {
      // The directory is the volume; a server that does not serve PVCs is fine.
    }
    return dir;
  },
};

/** Creates every volume of the pod; returns name → host path. */
export async function prepareVolumes(ctx: VolumeContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const volume of ctx.pod.spec?.volumes ?? []) {
    const kind = Object.keys(HANDLERS).find((k) => (volume as unknown as Record<string, unknown>)[k] !== undefined);
    if (!kind) throw new ContainerConfigError(`volume ${volume.name}: unsupported volume source (supported: ${Object.keys(HANDLERS).join(', ')})`);
    const dir = join(ctx.volumesDir, safeSegment(volume.name, 'volume name'));
    out.set(volume.name, await HANDLERS[kind]!(volume, ctx, dir));
  }
  return out;
}

/** A relative path that stays inside its volume. */
export function safeRelative(p: string, where: string): string {
  const n = normalize(p);
  if (isAbsolute(n) || n === '..' || n.startsWith('../')) throw new ContainerConfigError(`${where}: path "${p}" must be relative and stay inside the volume`);
  return n;
}

function safeSegment(name: string, where: string): string {
  if (!name || name.includes('/') || name === '.' || name === '..') throw new ContainerConfigError(`${where}: invalid name "${name}"`);
  return name;
}

function writeKeys(dir: string, data: Record<string, string | Buffer>, items: V1KeyToPath[] | undefined, mode: number | undefined, where: string): void {
  mkdirp(dir);
  const entries = items ? items.filter((i) => i.key in data).map((i) => [i.key, i.path, i.mode] as const) : Object.keys(data).map((k) => [k, k, undefined] as const);
  if (items) {
    const missing = items.find((i) => !(i.key in data));
    if (missing) throw new ContainerConfigError(`${where}: key "${missing.key}" not found`);
  }
  for (const [key, path, itemMode] of entries) writeFile(join(dir, safeRelative(path, where)), data[key]!, itemMode ?? mode);
}

function writeDownward(dir: string, items: NonNullable<V1Volume['downwardAPI']>['items'] & object, pod: V1Pod, mode: number | undefined, where: string): void {
  mkdirp(dir);
  for (const item of items) {
    const value = item.fieldRef
      ? fieldRefValue(pod, item.fieldRef, where)
      : item.resourceFieldRef ? resourceFieldValue(pod, undefined, item.resourceFieldRef, where) : '';
    writeFile(join(dir, safeRelative(item.path, where)), value, item.mode ?? mode);
  }
}

function writeFile(path: string, data: string | Buffer, mode: number | undefined): void {
  mkdirp(dirname(path));
  writeFileSync(path, data);
  chmodSync(path, mode ?? 0o644);
}

function rawSecret(data: Record<string, string> | undefined): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

function binaryData(data: Record<string, string> | undefined): Record<string, Buffer> {
  return rawSecret(data);
}

function namespaceOf(ctx: VolumeContext): string {
  return ctx.pod.metadata?.namespace ?? 'default';
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

