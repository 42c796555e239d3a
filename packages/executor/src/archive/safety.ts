import { isAbsolute, normalize, resolve, sep, dirname } from 'node:path';
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
