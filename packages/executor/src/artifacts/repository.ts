import type { Artifact, ArtifactLocation } from '../template.js';
import { locationKind } from './registry.js';

/**
 * Per store kind, the fields without which a location names only a key, not
 * where it lives. Kinds not listed are never completed (their locations are
 * URLs or carry everything themselves).
 */
const WHERE_FIELDS: Record<string, string[]> = {
  s3: ['bucket', 'endpoint'],
  gcs: ['bucket'],
  oss: ['bucket', 'endpoint'],
  azure: ['endpoint', 'container'],
};

/**
 * A key-only artifact (`s3: {key: my-file}`) completed from the artifact
 * repository of the same kind: the repository gives bucket, endpoint and
 * credentials, the artifact's own fields win. `keyFormat` is the
 * repository's recipe for new keys, not part of a location, so it is
 * dropped. A location that already says where it lives is left alone, so
 * the repository's credentials never go to another store.
 */
export function completeFromRepository(art: Artifact, repo: ArtifactLocation | undefined): Artifact {
  const kind = locationKind(art);
  const needs = kind ? WHERE_FIELDS[kind] : undefined;
  if (!repo || !kind || !needs) return art;
  const own = (art as Record<string, unknown>)[kind] as Record<string, unknown>;
  const base = (repo as Record<string, unknown>)[kind] as Record<string, unknown> | undefined;
  if (!base || needs.every((f) => own[f] !== undefined && own[f] !== '')) return art;
  const { keyFormat: _keyFormat, ...location } = base;
  return { ...art, [kind]: { ...location, ...own } };
}
