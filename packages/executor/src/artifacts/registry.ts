import { ExecutorError } from '../errors.js';
import type { Artifact } from '../template.js';
import type { ArtifactDriver, DriverDeps, DriverFactory } from './driver.js';
import { gitDriver } from './git/index.js';
import { httpDriver } from './http/index.js';
import { rawDriver } from './raw/index.js';
import { s3Driver } from './s3/index.js';

/** Drivers by the artifact's location field. */
const drivers: Record<string, DriverFactory> = {
  s3: s3Driver,
  http: httpDriver,
  git: gitDriver,
  raw: rawDriver,
};

/** Location fields Argo knows that this executor does not implement. */
const UNSUPPORTED = ['artifactory', 'gcs', 'azure', 'oss', 'hdfs', 'plugin'];

/** The location field an artifact carries, if any. */
export function locationKind(artifact: Artifact): string | undefined {
  const rec = artifact as Record<string, unknown>;
  return [...Object.keys(drivers), ...UNSUPPORTED].find((k) => rec[k] !== undefined && rec[k] !== null);
}

export function driverFor(artifact: Artifact, deps: DriverDeps): ArtifactDriver {
  const kind = locationKind(artifact);
  if (!kind) throw new ExecutorError('BadTemplate', `artifact "${artifact.name}": has no location (s3, http, git, raw, ...)`);
  const factory = drivers[kind];
  if (!factory) {
    throw new ExecutorError(
      'ArtifactUnsupported',
      `artifact "${artifact.name}": ${kind} artifacts are not supported here (supported: ${Object.keys(drivers).join(', ')})`,
    );
  }
  return factory(deps);
}
