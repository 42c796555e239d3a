/** Where tests find Argo's compatibility corpus: ARGO_COMPAT_DIR, set by jest.preset.js (../shared/argo-compat beside the checkout). */
import fs from 'node:fs';
import path from 'node:path';

export function argoCorpus(): string {
  const dir = process.env.ARGO_COMPAT_DIR ?? '';
  if (!fs.existsSync(path.join(dir, 'schema.json'))) {
    throw new Error(`Argo compatibility corpus not found at ${dir}: it must sit beside the checkout (../shared/argo-compat) or be named by ARGO_COMPAT_DIR`);
  }
  return dir;
}
