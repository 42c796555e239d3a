/**
 * Where a pod's artifacts live. The archive location is the template's own
 * when it names a place, else the artifact repository's with key
 * `<workflow>/<pod>` (a template setting only `archiveLogs` keeps that
 * choice). Input artifacts that give only a key are relocated under the
 * archive location, as Argo's executor does, so the executor always gets
 * concrete locations.
 */
import type { Artifact, Template } from './model.js';
import type { Operation } from './state.js';

type Location = Record<string, unknown>;

/** Driver fields an artifact location may carry; `raw`/`http`/`git` artifacts are complete by themselves. */
const DRIVERS = ['s3', 'oss', 'gcs', 'azure', 'artifactory', 'hdfs', 'http', 'git', 'raw'] as const;

/** What a driver needs besides the key before it can reach anything (Argo's HasLocation per driver). */
const NEEDS: Partial<Record<(typeof DRIVERS)[number], { key: string; place: string[] }>> = {
  s3: { key: 'key', place: ['bucket', 'endpoint'] },
  oss: { key: 'key', place: ['bucket', 'endpoint'] },
  gcs: { key: 'key', place: ['bucket'] },
  azure: { key: 'blob', place: ['container', 'endpoint'] },
};

function drivers(l: Location): string[] {
  return DRIVERS.filter((d) => l[d] !== undefined && l[d] !== null);
}

/** The key of a key-only location (a driver that names a key but not where it lives), else undefined. */
function keyOnly(l: Location): string | undefined {
  const [d, ...more] = drivers(l);
  if (!d || more.length) return undefined;
  const need = NEEDS[d as keyof typeof NEEDS];
  const cfg = l[d] as Record<string, unknown>;
  if (!need || typeof cfg !== 'object') return undefined;
  const key = cfg[need.key];
  if (typeof key !== 'string' || key === '') return undefined;
  return need.place.every((f) => typeof cfg[f] === 'string' && cfg[f] !== '') ? undefined : key;
}

function withKey(loc: Location, key: string): Location {
  const out: Location = {};
  for (const [d, cfg] of Object.entries(loc)) {
    if (d === 'archiveLogs' || !cfg || typeof cfg !== 'object') continue;
    const need = NEEDS[d as keyof typeof NEEDS];
    out[d] = { ...(cfg as Location), [need?.key ?? 'key']: key };
  }
  return out;
}

/** The pod's archive location, or undefined when neither the template nor a repository gives one. */
export function archiveLocation(op: Operation, tmpl: Template, pod: string): Location | undefined {
  const own = tmpl.archiveLocation as Location | undefined;
  if (own && drivers(own).length) return own;
  const repo = op.config.artifactRepository as Location | undefined;
  if (!repo || !drivers(repo).length) return own;
  const base: Location = {};
  for (const d of drivers(repo)) {
    const { keyFormat: _kf, ...cfg } = repo[d] as Location;
    base[d] = cfg;
  }
  const archiveLogs = own?.archiveLogs ?? repo.archiveLogs ?? false;
  return { ...own, archiveLogs, ...withKey(base, `${op.name}/${pod}`) };
}

/** Input artifacts with key-only locations moved under the archive location (the artifact's other fields stay). */
export function relocateInputs(artifacts: Artifact[] | undefined, archive: Location | undefined): Artifact[] | undefined {
  if (!artifacts || !archive || !drivers(archive).length) return artifacts;
  return artifacts.map((a) => {
    const key = keyOnly(a as Location);
    if (key === undefined) return a;
    const rest: Location = { ...(a as Location) };
    for (const d of DRIVERS) delete rest[d];
    return { ...rest, ...withKey(archive, key) } as Artifact;
  });
}
