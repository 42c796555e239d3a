/**
 * Image pulls as the kubelet does them: the pull policy, one pull at a time
 * per image (concurrent pods wait for the same pull), every blob fetched and
 * every layer unpacked once. The image mode decides what happens when the
 * registry cannot be reached at all: `pull` fails like a kubelet, `auto`
 * falls back to the host's tools (the caller says so in an event), `host`
 * never pulls.
 */
import { parseImageReference, isRegistryError, RegistryClient, type Credential, type ImageReference } from '@argo-ts/oci';
import { ImageStore, type ImageRecord } from './store.js';

export type ImageMode = 'auto' | 'pull' | 'host';
export const IMAGE_MODES: readonly ImageMode[] = ['auto', 'pull', 'host'];
export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The kubelet's reasons for a container that waits on its image. */
export type PullFailureReason = 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName';

export class ImagePullError extends Error {
  constructor(readonly reason: PullFailureReason, message: string, readonly transient: boolean) {
    super(message);
    this.name = 'ImagePullError';
  }
}

export type PullOutcome =
  | { kind: 'image'; image: ImageRecord; pulled: boolean; ms: number; note?: string }
  | { kind: 'host'; reason: string };

/** Kubernetes' default: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): PullPolicy {
  const at = image.indexOf('@');
  if (at >= 0) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export interface PullerOptions {
  store: ImageStore;
  client: RegistryClient;
  mode: ImageMode;
  log?: (m: string) => void;
}

export class ImagePuller {
  private readonly inflight = new Map<string, Promise<PullOutcome>>();

  constructor(private readonly opts: PullerOptions) {}

  get mode(): ImageMode {
    return this.opts.mode;
  }

  get store(): ImageStore {
    return this.opts.store;
  }

  /** Ensures the image per policy; throws ImagePullError with the kubelet's reason. */
  async ensure(image: string, policy: PullPolicy | undefined, creds: Credential[]): Promise<PullOutcome> {
    if (this.opts.mode === 'host') return { kind: 'host', reason: 'image mode host' };
    let ref: ImageReference;
    try {
      ref = parseImageReference(image);
    } catch (e) {
      throw new ImagePullError('InvalidImageName', `Failed to apply default image tag "${image}": ${(e as Error).message}`, false);
    }
    const effective = policy ?? defaultPullPolicy(image);
    const present = this.opts.store.get(ref.name);
    if (effective === 'Never') {
      if (present) return { kind: 'image', image: present, pulled: false, ms: 0 };
      throw new ImagePullError('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`, false);
    }
    if (present && effective === 'IfNotPresent') return { kind: 'image', image: present, pulled: false, ms: 0 };
    const key = `${ref.name}\n${creds.map((c) => c.username).join(',')}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.pull(image, ref, creds, present).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async pull(image: string, ref: ImageReference, creds: Credential[], present: ImageRecord | undefined): Promise<PullOutcome> {
    const started = Date.now();
    try {
      const client = this.opts.client;
      const found = await client.resolveManifest(ref, creds);
      // Unchanged since the last pull: nothing more to fetch, not even the config.
      if (present && present.digest === found.digest) {
        this.opts.store.touch(ref.name);
        return { kind: 'image', image: present, pulled: false, ms: Date.now() - started };
      }
      const resolved = { ...found, config: await client.fetchConfig(ref, found.manifest, creds) };
      const store = this.opts.store;
      store.ensureBlobDir();
      const chains: string[] = [];
      let parent: string | undefined;
      for (const layer of resolved.manifest.layers) {
        if (!store.hasBlob(layer.digest)) await this.opts.client.downloadBlob(ref, layer, creds, store.blobPath(layer.digest));
        const chain = ImageStore.chainId(parent, layer.digest);
        await store.ensureLayer(chain, layer.digest, [...chains], `layer ${layer.digest} of ${ref.name}`);
        chains.push(chain);
        parent = chain;
      }
      const now = new Date().toISOString();
      const rec: ImageRecord = {
        name: ref.name, digest: resolved.digest, config: resolved.config, chains,
        layers: resolved.manifest.layers.map((l) => l.digest), size: resolved.manifest.layers.reduce((n, l) => n + l.size, 0),
        pulledAt: now, lastUsed: now,
      };
      store.put(rec);
      return { kind: 'image', image: rec, pulled: true, ms: Date.now() - started };
    } catch (e) {
      if (isRegistryError(e) && e.code === 'Unreachable' && this.opts.mode === 'auto') {
        if (present) return { kind: 'image', image: present, pulled: false, ms: Date.now() - started, note: `registry unreachable: using the cached image (${e.message})` };
        return { kind: 'host', reason: 'registry unreachable' };
      }
      const transient = (e as { transient?: boolean }).transient ?? true;
      throw new ImagePullError('ErrImagePull', `failed to pull and unpack image "${ref.name}": ${(e as Error).message}`, transient);
    }
  }
}
