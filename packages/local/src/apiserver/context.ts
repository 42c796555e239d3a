/** What every handler needs: the store and the server's options. */
import type { Store } from '../store/store.js';
import type { TokenSigner } from './auth/tokens.js';
import type { PodLogSource } from './logs.js';
import type { ValidationLevel } from './validate.js';

export type PodDeletionMode = 'graceful' | 'immediate';

export interface ApiContext {
  store: Store;
  /** `graceful`: a kubelet finishes pod deletion; `immediate`: pods vanish at once (no kubelet). */
  podDeletionMode: PodDeletionMode;
  logs?: PodLogSource;
  bookmarkIntervalMs: number;
  /** Upper bound for a watch without timeoutSeconds. */
  maxWatchSeconds: number;
  now(): Date;
  /** How strictly create/update/patch bodies are checked (validate.ts). */
  validation: ValidationLevel;
  /** Signs and verifies service-account tokens. */
  signer: TokenSigner;
  /**
   * Resolves once the reactors (reactors/) have handled every write so far.
   * A create answers only after it, so what a create sets off (a namespace's
   * `default` ServiceAccount and bindings) is there when the client goes on.
   */
  reactionsIdle?: () => Promise<void>;
}

export interface WriteOptions {
  dryRun: boolean;
}
