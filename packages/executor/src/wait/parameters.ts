import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { Paths } from '@argo-ts/spec';
import { ExecutorError } from '../errors.js';
import type { DeclaredOutput } from '../outputs-list.js';
import type { Parameter } from '../template.js';

/**
 * Output parameters with `valueFrom.path`: the emissary's copy, one trailing
 * newline trimmed; `valueFrom.default` when the file is missing, else the
 * node fails with the error Argo gives. Other valueFrom kinds pass through
 * for the controller.
 */
export async function collectParameters(
  params: Parameter[],
  declared: DeclaredOutput[],
  resolvePath: (p: string) => string,
): Promise<Parameter[]> {
  const out: Parameter[] = [];
  for (const p of params) {
    const path = p.valueFrom?.path;
    if (!path) { out.push(p); continue; }
    const d = declared.find((x) => x.kind === 'parameter' && x.name === p.name && x.path === path);
    const copy = d ? resolvePath(`${Paths.outputsDir}/${d.index}`) : undefined;
    // wait runs on the host: the copy is read without following a link (issue 14, finding 3).
    const st = copy ? await lstat(copy).catch(() => undefined) : undefined;
    if (st?.isDirectory()) {
      throw new ExecutorError('OutputMissing', `output parameter "${p.name}": ${path} is a directory, expected a file`);
    }
    if (st?.isSymbolicLink()) {
      throw new ExecutorError('OutputUnsafe', `output parameter "${p.name}": ${path} is a symbolic link out of the container; refusing to follow it`);
    }
    const text = st && copy ? await readNoFollow(copy) : undefined;
    if (text !== undefined) {
      out.push({ ...p, value: text.endsWith('\n') ? text.slice(0, -1) : text });
    } else if (p.valueFrom?.default !== undefined) {
      out.push({ ...p, value: p.valueFrom.default });
    } else {
      throw new ExecutorError('OutputMissing', `output parameter "${p.name}": open ${path}: no such file or directory`);
    }
  }
  return out;
}

async function readNoFollow(file: string): Promise<string> {
  const fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
