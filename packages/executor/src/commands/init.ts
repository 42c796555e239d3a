import { chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { Paths } from '@argo-ts/spec';
import { unpackTo } from '../archive/index.js';
import type { DriverDeps } from '../artifacts/driver.js';
import { driverFor, locationKind } from '../artifacts/registry.js';
import { completeFromRepository } from '../artifacts/repository.js';
import type { ExecutorContext, ExecutorResult } from '../context.js';
import { emissaryScript } from '../emissary/script.js';
import { ExecutorError } from '../errors.js';
import { logger, type Logger } from '../log.js';
import { declaredOutputs, writeOutputPaths } from '../outputs-list.js';
import { templateOf, type Artifact, type Template } from '../template.js';
import { driverDeps } from './deps.js';
import { mkdirShared } from '../artifacts/fsutil.js';
import { sidecarNames, userContainerNames } from '../wait/containers.js';

/** `argoexec init`: emissary, output-paths list, staged script, input artifacts. */
export async function runInit(ctx: ExecutorContext): Promise<ExecutorResult> {
  const log = logger(ctx.stderr);
  const template = await templateOf(ctx);
  await writeFileAt(ctx.resolvePath(Paths.emissary), emissaryScript(), 0o755);
  const lines = declaredOutputs(template).map((o) => o.path);
  await writeOutputPaths(ctx.resolvePath(Paths.outputPathsList), lines);
  // Made here, before the containers of other users start: see mkdirShared.
  await mkdirShared(ctx.resolvePath(Paths.outputsDir));
  for (const name of [...userContainerNames(template), ...sidecarNames(template)]) await mkdirShared(ctx.resolvePath(`${Paths.ctrDir}/${name}`));
  const source = template.script?.source;
  if (source) await writeFileAt(ctx.resolvePath(Paths.scriptFile), source, 0o755);
  await loadInputArtifacts(ctx, template, driverDeps(ctx), log);
  return { exitCode: 0 };
}

async function writeFileAt(path: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { mode });
  await chmod(path, mode);
}

async function loadInputArtifacts(ctx: ExecutorContext, t: Template, deps: DriverDeps, log: Logger): Promise<void> {
  for (const declared of t.inputs?.artifacts ?? []) {
    const art = completeFromRepository(declared, t.archiveLocation);
    const dest = ctx.resolvePath(`${Paths.inputArtifacts}/${art.name}`);
    if (!locationKind(art)) {
      if (art.optional) { log.info('optional input artifact not supplied, skipping', { artifact: art.name }); continue; }
      throw new ExecutorError('ArtifactNotFound', `input artifact "${art.name}": required but not supplied (no location and no "from")`);
    }
    try {
      await loadOne(art, dest, deps);
    } catch (err) {
      if (art.optional && err instanceof ExecutorError && err.code === 'ArtifactNotFound') {
        log.info('optional input artifact not found, skipping', { artifact: art.name });
        continue;
      }
      throw err;
    }
    if (art.mode !== undefined) await applyMode(dest, art.mode, art.recurseMode === true);
    log.info('loaded input artifact', { artifact: art.name, path: art.path });
  }
}

/** `subPath` selects a file or folder inside the artifact's location (keyed stores only). */
function withSubPath(art: Artifact): Artifact {
  if (!art.subPath || !art.s3) return art;
  return { ...art, s3: { ...art.s3, key: posix.join(art.s3.key ?? '', art.subPath) } };
}

async function loadOne(original: Artifact, dest: string, deps: DriverDeps): Promise<void> {
  const art = withSubPath(original);
  const kind = locationKind(art);
  const driver = driverFor(art, deps);
  await mkdir(dirname(dest), { recursive: true });
  await rm(dest, { recursive: true, force: true });
  // raw content and git checkouts are never archives; everything else is unpacked by what its bytes are.
  if (kind === 'raw' || kind === 'git') return driver.load(art, dest);
  const download = `${dest}.download`;
  await rm(download, { recursive: true, force: true });
  try {
    await driver.load(art, download);
    const isDir = (await readdir(download).then(() => true, () => false));
    if (isDir || art.archive?.none || !(await unpackTo(download, dest, `input artifact "${art.name}"`))) {
      await rename(download, dest);
    }
  } finally {
    await rm(download, { recursive: true, force: true });
  }
}

async function applyMode(path: string, mode: number, recurse: boolean): Promise<void> {
  await chmod(path, mode);
  if (!recurse) return;
  const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) if (!e.isSymbolicLink()) await chmod(join(e.parentPath, e.name), mode);
}
