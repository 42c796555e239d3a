import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { ExecutorError } from '../../errors.js';
import type { Artifact } from '../../template.js';
import type { ArtifactDriver, DriverFactory } from '../driver.js';

function data(a: Artifact): string {
  if (a.raw === undefined) throw new ExecutorError('BadTemplate', `artifact "${a.name}": raw.data is missing`);
  return a.raw.data;
}

const readOnly = (a: Artifact) =>
  new ExecutorError('ArtifactUnsupported', `artifact "${a.name}": raw artifacts are inputs only; they cannot be saved or deleted`);

/** Raw artifacts: the content is in the template itself. */
export const rawDriver: DriverFactory = (): ArtifactDriver => ({
  async load(a, dest) {
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, data(a));
  },
  async openStream(a) {
    return Readable.from([Buffer.from(data(a))]);
  },
  async list(a) {
    return [a.name];
  },
  async save(_src, a) { throw readOnly(a); },
  async saveStream(_open, a) { throw readOnly(a); },
  async delete(a) { throw readOnly(a); },
  async isDirectory() { return false; },
});
