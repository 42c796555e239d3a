import { cp, lstat, mkdir, rename, rm, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { Env, Paths } from '@argo-ts/spec';
import { archiveFileName, archiveKind, archiveStream } from '../archive/index.js';
import { checkLinksStayInside } from '../archive/safety.js';
import type { DriverDeps } from '../artifacts/driver.js';
import { driverFor, locationKind } from '../artifacts/registry.js';
import { ExecutorError } from '../errors.js';
import type { Logger } from '../log.js';
import type { DeclaredOutput } from '../outputs-list.js';
import type { Artifact, ArtifactLocation, Template } from '../template.js';

export interface SaveEnv {
  env: Record<string, string>;
  resolvePath(p: string): string;
  deps: DriverDeps;
  log: Logger;
}

/** `{{workflow.name}}`-style tags that may remain in a repository's keyFormat. */
export function expandKey(key: string, env: Record<string, string>): string {
  const vars: Record<string, string | undefined> = {
    'workflow.name': env[Env.workflowName],
    'workflow.uid': env[Env.workflowUid],
    'workflow.namespace': env[Env.namespace],
    'pod.name': env[Env.podName],
  };
  return key.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (m, name: string) => vars[name] ?? m);
}

/** Where an output artifact goes: its own location, completed from the repository, or `<repo key>/<fileName>`. */
export function placeArtifact(art: Artifact, repo: ArtifactLocation | undefined, fileName: string, env: Record<string, string>): Artifact {
  const own = locationKind(art);
  if (own) {
    if (own === 's3' && repo?.s3) {
      const merged = { ...repo.s3, ...art.s3 };
      return { ...art, s3: { ...merged, key: expandKey(merged.key ?? '', env) } };
    }
    return art;
  }
  const kind = repo ? locationKind(repo as Artifact) : undefined;
  if (!repo || !kind) {
    throw new ExecutorError('BadTemplate', `output artifact "${art.name}": has no location and the template has no archiveLocation (artifact repository)`);
  }
  const loc = (repo as Record<string, any>)[kind] as Record<string, unknown>;
  const placed: Record<string, unknown> = { ...loc };
  if (typeof loc.key === 'string') placed.key = posix.join(expandKey(loc.key, env), fileName);
  return { ...art, [kind]: placed };
}

/** Archives (streaming) and uploads each output artifact; returns them with their final locations. */
export async function saveArtifacts(t: Template, declared: DeclaredOutput[], s: SaveEnv): Promise<Artifact[]> {
  const saved: Artifact[] = [];
  for (const art of t.outputs?.artifacts ?? []) {
    if (!art.path) { saved.push(art); continue; }
    const d = declared.find((x) => x.kind === 'artifact' && x.name === art.name && x.path === art.path);
    const src = d ? s.resolvePath(`${Paths.outputsDir}/${d.index}`) : undefined;
    const found = src ? await locateCopy(src, art.path) : undefined;
    if (!found || !src) {
      if (art.optional) { s.log.info('optional output artifact not found, skipping', { artifact: art.name, path: art.path }); continue; }
      throw new ExecutorError('OutputMissing', `output artifact "${art.name}": path ${art.path} does not exist in the main container`);
    }
    const kind = archiveKind(art.archive);
    // wait runs on the host and archive none's upload follows links: one that leads out of the copy would
    // upload the host's files (issue 14, finding 3). tgz and zip store links as links and follow none.
    if (kind === 'none') {
      await checkLinksStayInside(found.path, (link, to) => `output artifact "${art.name}": ${link === posix.basename(found.path) ? art.path : `${art.path}/${link}`} is a symbolic link out of the container (to ${to}); refusing to follow it`, 'OutputUnsafe');
    }
    const staged = found.staged ? found.path : await stageUnderOriginalName(src, art.path);
    if (kind === 'none') {
      const placed = placeArtifact(art, t.archiveLocation, posix.basename(art.path), s.env);
      await driverFor(placed, s.deps).save(staged, placed);
      saved.push(placed);
    } else {
      const fileName = archiveFileName(art.name, art.archive);
      const placed = placeArtifact(art, t.archiveLocation, fileName, s.env);
      await driverFor(placed, s.deps).saveStream(() => archiveStream(staged, art.name, art.archive).stream, placed);
      saved.push(placed);
    }
    s.log.info('saved output artifact', { artifact: art.name, archive: kind });
  }
  return saved;
}

function stagedPath(copy: string, originalPath: string): string {
  return posix.join(`${copy}.staged`, posix.basename(originalPath) || 'artifact');
}

/**
 * The emissary's copy, or where an earlier wait staged it: the in-process
 * executor's wait is run again when the daemon restarted part-way (a wait
 * process under its shim is not), and must find what the first one moved.
 */
async function locateCopy(copy: string, originalPath: string): Promise<{ path: string; staged: boolean } | undefined> {
  if (await lstat(copy).catch(() => undefined)) return { path: copy, staged: false };
  const staged = stagedPath(copy, originalPath);
  return (await lstat(staged).catch(() => undefined)) ? { path: staged, staged: true } : undefined;
}

/**
 * The emissary's copy is named by index; archives name their top entry after
 * the original path (as Argo's do), so move the copy (same volume: a rename)
 * under a folder where it has its original base name.
 */
export async function stageUnderOriginalName(copy: string, originalPath: string, move: typeof rename = rename): Promise<string> {
  const dir = `${copy}.staged`;
  await mkdir(dir, { recursive: true });
  const dest = stagedPath(copy, originalPath);
  // An earlier wait's partial copy (see below) is not this one's.
  await rm(dest, { recursive: true, force: true });
  try {
    await move(copy, dest);
  } catch (err) {
    // Moving a directory to another parent rewrites its `..`, which needs
    // write permission on the directory itself: one that main made as
    // another user (root, or its runAsUser) cannot be moved by wait. Copy it.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
    await cp(copy, dest, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
  return dest;
}

/** `archiveLogs`: the main container's log as `<repo key>/main.log`, reported as artifact `main-logs`. */
export async function saveLogs(t: Template, s: SaveEnv): Promise<Artifact | undefined> {
  if (!t.archiveLocation?.archiveLogs) return undefined;
  if (!locationKind(t.archiveLocation as Artifact)) {
    // archiveLogs asked for, but no repository to put them in: the logs stay in the container log only.
    s.log.warn('archiveLogs is set but archiveLocation has no repository location; main.log not archived');
    return undefined;
  }
  const src = s.resolvePath(`${Paths.ctrDir}/main/combined`);
  if (!(await stat(src).catch(() => undefined))) return undefined;
  const placed = placeArtifact({ name: 'main-logs' }, t.archiveLocation, 'main.log', s.env);
  await driverFor(placed, s.deps).save(src, placed);
  return placed;
}
