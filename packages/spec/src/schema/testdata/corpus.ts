/** Where tests find Argo's compatibility corpus: ../shared/argo-compat beside the checkout. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

export function argoCorpus(): string {
  const dir = path.resolve(repoRoot, '../shared/argo-compat');
  if (!fs.existsSync(path.join(dir, 'schema.json'))) {
    throw new Error(`Argo compatibility corpus not found at ${dir}: it must sit beside the checkout (../shared/argo-compat)`);
  }
  return dir;
}
