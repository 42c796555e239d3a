/**
 * Version and build information: the package version, and what
 * `scripts/build-info.mjs` recorded at build time (commit, date).
 */
import { readFileSync } from 'node:fs';

export interface BuildInfo {
  version: string;
  buildDate: string;
  gitCommit: string;
  gitTreeState: string;
}

function readJson(rel: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function buildInfo(): BuildInfo {
  const pkg = readJson('../package.json');
  const built = readJson('./build-info.json') ?? {};
  return {
    version: String(pkg?.version ?? '0.0.0'),
    buildDate: String(built.buildDate ?? 'unknown'),
    gitCommit: String(built.gitCommit ?? 'unknown'),
    gitTreeState: String(built.gitTreeState ?? 'unknown'),
  };
}
