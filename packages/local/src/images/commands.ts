/** `argo local images` and `argo local images prune`: the cache seen from outside the daemon. */
import { defaultStateDir } from '../daemon/paths.js';
import { localStatus } from '../daemon/lifecycle.js';
import { ImageStore } from './store.js';

export interface CachedImage {
  name: string;
  digest: string;
  /** Compressed bytes, as fetched. */
  size: number;
  /** Bytes of the unpacked layers. */
  unpackedSize: number;
  lastUsed: string;
}

export async function localImages(opts: { stateDir?: string } = {}): Promise<CachedImage[]> {
  const store = new ImageStore(opts.stateDir ?? defaultStateDir());
  return store.list().map((r) => ({
    name: r.name, digest: r.digest, size: r.size, unpackedSize: r.chains.reduce((n, c) => n + store.unpackedSize(c), 0), lastUsed: r.lastUsed,
  }));
}

export async function localImagesPrune(opts: { stateDir?: string } = {}): Promise<{ removed: string[]; freedBytes: number }> {
  const stateDir = opts.stateDir ?? defaultStateDir();
  const running = (await localStatus({ stateDir })).running;
  return new ImageStore(stateDir).prune(running);
}
