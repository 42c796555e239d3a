import type { Readable } from 'node:stream';
import type { Artifact, SecretRef } from '../template.js';

/** What a driver may use from its surroundings. */
export interface DriverDeps {
  /** The value of a key of a Secret in the pod's namespace. */
  getSecret(ref: SecretRef): Promise<string>;
  signal?: AbortSignal;
  /**
   * Idle limit for every remote call (S3, HTTP, git): a call that moves no
   * byte for this long fails with a transient Network error, so a store that
   * accepts and never answers cannot hold a node Running. Default
   * REMOTE_IDLE_TIMEOUT_MS.
   */
  timeoutMs?: number;
}

/** 60 s without a byte: long past any healthy store's pause, short enough that 5 attempts end within minutes. */
export const REMOTE_IDLE_TIMEOUT_MS = 60_000;

/**
 * One artifact backend. `artifact` carries the backend's location field
 * (`s3`, `http`, ...), fully resolved by the controller.
 */
export interface ArtifactDriver {
  /** Downloads the object (or, for a prefix, the tree) to `destPath`. */
  load(artifact: Artifact, destPath: string): Promise<void>;
  /** Uploads a file or a directory tree from `srcPath`. */
  save(srcPath: string, artifact: Artifact): Promise<void>;
  /** Uploads a stream (an archive being written); `open` is called again for each retry. */
  saveStream(open: () => Readable, artifact: Artifact): Promise<void>;
  openStream(artifact: Artifact): Promise<Readable>;
  /** Keys (or entries) under the artifact's location. */
  list(artifact: Artifact): Promise<string[]>;
  delete(artifact: Artifact): Promise<void>;
  isDirectory?(artifact: Artifact): Promise<boolean>;
}

export type DriverFactory = (deps: DriverDeps) => ArtifactDriver;
