/**
 * The content-addressed image cache under `<stateDir>/images`:
 *
 *   blobs/sha256/<hex>        compressed layers, as fetched (each once)
 *   layers/<chain>/root/      a layer unpacked over its chain (each once), shared read-only
 *   layers/<chain>/meta.json  its unpacked size
 *   images.json               image name → manifest digest, config, chains, sizes, last use
 *   inuse/<pod uid>           chains a running pod's containers stand on (prune keeps them)
 *
 * `<chain>` is sha256(parent chain + " " + layer digest), so two images that
 * share their lower layers share those directories.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageConfig } from '@argo-ts/oci';
import { unpackLayer } from './unpack.js';

export interface ImageRecord {
  /** Normalised name: docker.io/library/alpine:3.20 */
  name: string;
  /** Manifest digest (the imageID a kubelet reports). */
  digest: string;
  config: ImageConfig;
  /** Layer chain ids, bottom first. */
  chains: string[];
  /** Compressed layer digests, bottom first. */
  layers: string[];
  /** Sum of the compressed layers. */
  size: number;
  pulledAt: string;
  lastUsed: string;
}

interface IndexFile {
  images: Record<string, ImageRecord>;
}

export class ImageStore {
  readonly root: string;

  constructor(stateDir: string) {
    this.root = join(stateDir, 'images');
  }

  blobPath(digest: string): string {
    return join(this.root, 'blobs', ...digest.split(':'));
  }

  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }

  ensureBlobDir(): void {
    mkdirSync(join(this.root, 'blobs', 'sha256'), { recursive: true });
  }

  chainDir(chain: string): string {
    return join(this.root, 'layers', chain);
  }

  /** Read-only root of an unpacked layer. */
  layerRoot(chain: string): string {
    return join(this.chainDir(chain), 'root');
  }

  static chainId(parent: string | undefined, layerDigest: string): string {
    return createHash('sha256').update(`${parent ?? ''} ${layerDigest}`).digest('hex');
  }

  /** Unpacks a layer blob over its chain unless done before; returns whether it did work. */
  async ensureLayer(chain: string, layerDigest: string, lowerChains: string[], what: string): Promise<boolean> {
    const dir = this.chainDir(chain);
    if (existsSync(join(dir, 'meta.json'))) return false;
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    try {
      const res = await unpackLayer(this.blobPath(layerDigest), join(tmp, 'root'), lowerChains.map((c) => this.layerRoot(c)), what);
      writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ layer: layerDigest, size: res.size, skipped: res.skipped, clearedSetuid: res.clearedSetuid }) + '\n');
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    return true;
  }

  unpackedSize(chain: string): number {
    try {
      return (JSON.parse(readFileSync(join(this.chainDir(chain), 'meta.json'), 'utf8')) as { size?: number }).size ?? 0;
    } catch {
      return 0;
    }
  }

  /** An image is present when its record exists and every layer is unpacked. */
  get(name: string): ImageRecord | undefined {
    const rec = this.load().images[name];
    if (!rec) return undefined;
    return rec.chains.every((c) => existsSync(join(this.chainDir(c), 'meta.json'))) ? rec : undefined;
  }

  list(): ImageRecord[] {
    return Object.values(this.load().images).sort((a, b) => a.name.localeCompare(b.name));
  }

  put(rec: ImageRecord): void {
    const idx = this.load();
    idx.images[rec.name] = rec;
    this.save(idx);
  }

  touch(name: string): void {
    const idx = this.load();
    const rec = idx.images[name];
    if (!rec) return;
    rec.lastUsed = new Date().toISOString();
    this.save(idx);
  }

  /** Marks the chains a pod's containers stand on, so prune leaves them. */
  markInUse(podUid: string, chains: string[]): void {
    const dir = join(this.root, 'inuse');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, podUid);
    const prev = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    writeFileSync(file, [...new Set([...prev, ...chains])].join('\n') + '\n');
  }

  releaseInUse(podUid: string): void {
    rmSync(join(this.root, 'inuse', podUid), { force: true });
  }

  /** Chains some pod stands on (`daemonRunning` false: no pod runs, stale marks are dropped). */
  inUse(daemonRunning: boolean): Set<string> {
    const dir = join(this.root, 'inuse');
    const out = new Set<string>();
    if (!existsSync(dir)) return out;
    for (const f of readdirSync(dir)) {
      if (!daemonRunning) {
        rmSync(join(dir, f), { force: true });
        continue;
      }
      for (const c of readFileSync(join(dir, f), 'utf8').split('\n')) if (c) out.add(c);
    }
    return out;
  }

  /**
   * Removes images no running pod uses, then every blob and unpacked layer no
   * remaining image needs. Returns what went and the bytes freed.
   */
  prune(daemonRunning: boolean): { removed: string[]; freedBytes: number } {
    const used = this.inUse(daemonRunning);
    const idx = this.load();
    const removed: string[] = [];
    for (const [name, rec] of Object.entries(idx.images)) {
      if (rec.chains.some((c) => used.has(c))) continue;
      delete idx.images[name];
      removed.push(name);
    }
    this.save(idx);
    const keepChains = new Set([...used, ...Object.values(idx.images).flatMap((r) => r.chains)]);
    const keepBlobs = new Set(Object.values(idx.images).flatMap((r) => r.layers));
    let freed = 0;
    const layersDir = join(this.root, 'layers');
    if (existsSync(layersDir)) {
      for (const c of readdirSync(layersDir)) {
        if (keepChains.has(c)) continue;
        freed += this.unpackedSize(c);
        rmSync(join(layersDir, c), { recursive: true, force: true });
      }
    }
    const blobsDir = join(this.root, 'blobs', 'sha256');
    if (existsSync(blobsDir)) {
      for (const hex of readdirSync(blobsDir)) {
        if (keepBlobs.has(`sha256:${hex}`)) continue;
        const p = join(blobsDir, hex);
        freed += statSync(p).size;
        rmSync(p, { force: true });
      }
    }
    return { removed, freedBytes: freed };
  }

  /** Read every time: the CLI's prune writes it from another process. */
  private load(): IndexFile {
    try {
      return JSON.parse(readFileSync(join(this.root, 'images.json'), 'utf8')) as IndexFile;
    } catch {
      return { images: {} };
    }
  }

  private save(idx: IndexFile): void {
    mkdirSync(this.root, { recursive: true });
    const path = join(this.root, 'images.json');
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(idx, null, 1) + '\n');
    renameSync(tmp, path);
  }
}
