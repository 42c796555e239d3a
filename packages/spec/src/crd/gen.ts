/**
 * `pnpm gen:crds`: writes manifests/crds/*.yaml from the zod schemas. Run
 * after changing any schema; crd.test.ts fails while the files are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCrdFiles } from './crd.js';

/** manifests/crds of the repository this package sits in (src/crd or dist/crd → ../../../../). */
export function crdDirectory(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../manifests/crds');
}

function main(): void {
  const dir = crdDirectory();
  fs.mkdirSync(dir, { recursive: true });
  const files = renderCrdFiles();
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
  const stale = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && !files.has(f));
  for (const f of stale) fs.rmSync(path.join(dir, f));
  process.stdout.write(`wrote ${files.size} files to ${path.relative(process.cwd(), dir) || '.'}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
