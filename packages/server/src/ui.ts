/**
 * Where the web UI's built files are: `--ui-dir`/`ARGO_UI_DIR`, else the
 * `@argo-ts/ui` package's `dist/` (resolved at run time, so this package
 * builds and runs without the UI), else none.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findUiDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  if (explicit) return existsSync(join(explicit, 'index.html')) ? explicit : undefined;
  if (env.ARGO_UI_DIR) candidates.push(env.ARGO_UI_DIR);
  try {
    candidates.push(join(dirname(createRequire(import.meta.url).resolve('@argo-ts/ui/package.json')), 'dist'));
  } catch { /* not installed beside this package */ }
  // The monorepo (and the server image) keep packages side by side: packages/server/dist → packages/ui/dist.
  candidates.push(fileURLToPath(new URL('../../ui/dist', import.meta.url)));
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}
