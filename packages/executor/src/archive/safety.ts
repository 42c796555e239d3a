import { lstat, mkdir, readdir, readlink, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join, normalize, relative, resolve, sep, dirname } from 'node:path';
import { ExecutorError } from '../errors.js';

/**
 * Where an archive entry would land inside `root`, or an ArchiveUnsafe error.
 * Refuses absolute names and any `..` that climbs out; for links, the link
 * target must stay inside `root` as well (resolved from the link's folder).
 */
export function safeEntryPath(root: string, entryName: string, archive: string): string {
  const name = entryName.replace(/\\/g, '/');
  if (isAbsolute(name) || /^[a-zA-Z]:/.test(name)) {
    throw new ExecutorError('ArchiveUnsafe', `${archive}: entry "${entryName}" has an absolute path; refusing to unpack`);
  }
  const target = resolve(root, normalize(name));
  if (!inside(root, target)) {
    throw new ExecutorError('ArchiveUnsafe', `${archive}: entry "${entryName}" escapes the target directory; refusing to unpack`);
  }
  return target;
}

export function checkLinkTarget(root: string, entryTarget: string, linkName: string, link: string, archive: string, hard: boolean): void {
  const base = hard ? root : dirname(entryTarget);
  const dest = isAbsolute(link) ? link : resolve(base, link);
  if (!inside(root, dest)) {
    throw new ExecutorError(
      'ArchiveUnsafe',
      `${archive}: link "${linkName}" points outside the target directory (to "${link}"); refusing to unpack`,
    );
  }
}

function inside(root: string, p: string): boolean {
  const r = resolve(root);
  return p === r || p.startsWith(r.endsWith(sep) ? r : r + sep);
}

/**
 * Creates `target`'s parent folders under `root` one component at a time and
 * refuses to pass through any symlink (one the archive made earlier, or one
 * already there): a text check of link targets alone misses chains such as
 * `a -> .`, `b -> a/..` (issue 14, finding 4; Argo's GHSA-xrqc-7xgx-c9vh).
 */
export async function mkdirNoLinks(root: string, target: string, entryName: string, archive: string): Promise<void> {
  const rel = relative(resolve(root), dirname(target));
  let at = resolve(root);
  for (const part of rel ? rel.split(sep) : []) {
    at = join(at, part);
    const st = await lstat(at).catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return undefined; throw e; });
    if (!st) await mkdir(at);
    else if (st.isSymbolicLink()) {
      throw new ExecutorError('ArchiveUnsafe', `${archive}: entry "${entryName}" goes through the link "${relative(root, at)}"; refusing to unpack`);
    } else if (!st.isDirectory()) {
      throw new ExecutorError('ArchiveUnsafe', `${archive}: entry "${entryName}" goes through "${relative(root, at)}", which is not a directory; refusing to unpack`);
    }
  }
  const last = await lstat(target).catch(() => undefined);
  if (last?.isSymbolicLink()) {
    throw new ExecutorError('ArchiveUnsafe', `${archive}: entry "${entryName}" would write through the link "${relative(root, target)}"; refusing to unpack`);
  }
}

/**
 * Every symlink under `root` must resolve (by real path, all links followed)
 * to somewhere inside `root`; dangling links are fine (nothing follows them
 * anywhere). Used after unpacking and before outputs are read or uploaded.
 */
export async function checkLinksStayInside(root: string, what: (link: string, to: string) => string, code: 'ArchiveUnsafe' | 'OutputUnsafe' = 'ArchiveUnsafe'): Promise<void> {
  const top = await lstat(root);
  // A link as the root itself leads somewhere else by definition.
  if (top.isSymbolicLink()) throw new ExecutorError(code, what(basename(root), await realpath(root).catch(() => readlink(root))));
  const realRoot = await realpath(root);
  const links: string[] = [];
  if (top.isDirectory()) {
    for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (e.isSymbolicLink()) links.push(join(e.parentPath, e.name));
    }
  }
  for (const link of links) {
    const to = await realpath(link).catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT' || e.code === 'ELOOP') return undefined; throw e; });
    if (to !== undefined && !inside(realRoot, to)) throw new ExecutorError(code, what(relative(root, link) || basename(root), to));
  }
}
