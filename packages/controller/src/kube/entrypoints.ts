/**
 * ENTRYPOINT and CMD of images used without `command`, learned from their
 * registries before the operator runs (as Argo's controller looks them up
 * while building a pod), so the emissary wraps the image's own command. The
 * operator stays pure: it gets the answers in its config (`images`, and
 * `imageLookupErrors` for images whose registry refused, which fail their
 * node as Argo fails it).
 *
 * Lookups use the workflow's imagePullSecrets, else its service account's.
 * A tag's digest is remembered for an hour and a digest's config for good;
 * refusals for half a minute. A registry that cannot be reached at all (no
 * network) is no error: the image stays unknown and the pod builder keeps
 * its old rule (args run as the command), which is what the local kubelet's
 * host-tools fallback expects.
 */
import {
  RegistryClient, credentialsFor, entrypointOf, isRegistryError, parseDockerConfig, parseImageReference, type Credential, type ImageEntrypoint,
} from '@argo-ts/oci';
import type { Workflow } from '../operator/model.js';
import type { ImageConfig, OperateContext } from '../operator/types.js';
import type { ControllerConfig } from './config.js';
import type { KubeApi, KubeObject } from './api.js';
import { imageRepository } from '../pod/build.js';
import { Resources } from './resources.js';

const TAG_TTL_MS = 60 * 60_000;
const ERROR_TTL_MS = 30_000;

export interface ImageLookups {
  images: Record<string, ImageConfig>;
  errors: Record<string, string>;
}

interface Tagged {
  digest: string;
  until: number;
}

export class EntrypointResolver {
  private readonly byDigest = new Map<string, ImageEntrypoint>();
  private readonly byRef = new Map<string, Tagged>();
  private readonly failed = new Map<string, { message: string; until: number }>();

  constructor(
    private readonly api: KubeApi,
    private readonly client = new RegistryClient(),
    private readonly log: (m: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Looks up every literal image of the workflow (and the templates it references) that has no `command` and no index entry. */
  async resolve(wf: Workflow, ctx: OperateContext, cfg: ControllerConfig): Promise<ImageLookups> {
    const out: ImageLookups = { images: {}, errors: {} };
    const images = [...imagesWithoutCommand(wf, ctx)].filter((i) => !cfg.images?.[i] && !cfg.images?.[imageRepository(i)] && i !== cfg.executorImage);
    if (images.length === 0) return out;
    const namespace = wf.metadata.namespace ?? 'default';
    let rings: Array<Map<string, Credential>> | undefined;
    for (const image of images) {
      let ref;
      try {
        ref = parseImageReference(image);
      } catch (e) {
        out.errors[image] = (e as Error).message;
        continue;
      }
      const key = `${namespace}\n${image}`;
      const failed = this.failed.get(key);
      if (failed && failed.until > this.now()) {
        out.errors[image] = failed.message;
        continue;
      }
      const tagged = this.byRef.get(key);
      const known = tagged && tagged.until > this.now() ? this.byDigest.get(tagged.digest) : undefined;
      if (known) {
        out.images[image] = known;
        continue;
      }
      if (this.client.reachability.isUnreachable(ref.registry)) continue;
      rings ??= await this.keyrings(wf, namespace);
      try {
        const resolved = await this.client.resolve(ref, credentialsFor(ref.registry, rings));
        const entry = entrypointOf(resolved.config);
        this.byDigest.set(resolved.digest, entry);
        this.byRef.set(key, { digest: resolved.digest, until: this.now() + TAG_TTL_MS });
        out.images[image] = entry;
      } catch (e) {
        if (isRegistryError(e) && e.code === 'Unreachable') {
          this.log(`image ${image}: registry unreachable, entrypoint unknown (${e.message})`);
          continue;
        }
        const message = (e as Error).message;
        this.failed.set(key, { message, until: this.now() + ERROR_TTL_MS });
        out.errors[image] = message;
      }
    }
    return out;
  }

  /** dockerconfigjson secrets named by the workflow, else by its service account; unreadable ones are skipped. */
  private async keyrings(wf: Workflow, namespace: string): Promise<Array<Map<string, Credential>>> {
    let names = (wf.spec.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean);
    if (names.length === 0) {
      try {
        const sa = await this.api.get<KubeObject & { imagePullSecrets?: Array<{ name?: string }> }>(
          { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true }, namespace, wf.spec.serviceAccountName || 'default',
        );
        names = (sa.imagePullSecrets ?? []).map((s) => s.name ?? '').filter(Boolean);
      } catch {
        names = [];
      }
    }
    const rings: Array<Map<string, Credential>> = [];
    for (const name of names) {
      try {
        const secret = await this.api.get<KubeObject & { data?: Record<string, string> }>(Resources.secrets, namespace, name);
        const data = secret.data?.['.dockerconfigjson'];
        if (data) rings.push(parseDockerConfig(Buffer.from(data, 'base64').toString('utf8'), `secret ${namespace}/${name}`));
      } catch (e) {
        this.log(`imagePullSecret ${namespace}/${name}: ${(e as Error).message}`);
      }
    }
    return rings;
  }
}

/** Literal images of containers without `command`, in the workflow, its stored templates and the templates it references. */
export function imagesWithoutCommand(wf: Workflow, ctx: OperateContext): Set<string> {
  const out = new Set<string>();
  const seenTemplates = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.image === 'string' && o.image && !o.image.includes('{{') && !(Array.isArray(o.command) && o.command.length > 0) && typeof o.source !== 'string') out.add(o.image);
    const ref = o.templateRef as { name?: string; clusterScope?: boolean } | undefined;
    if (ref?.name && !seenTemplates.has(`${ref.clusterScope ? 'c' : 'n'}/${ref.name}`)) {
      seenTemplates.add(`${ref.clusterScope ? 'c' : 'n'}/${ref.name}`);
      walk((ref.clusterScope ? ctx.clusterWorkflowTemplates : ctx.workflowTemplates).get(ref.name)?.spec);
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'metadata' && k !== 'nodes') walk(x);
  };
  walk(wf.spec);
  const wtRef = wf.spec.workflowTemplateRef as { name?: string; clusterScope?: boolean } | undefined;
  if (wtRef?.name) walk((wtRef.clusterScope ? ctx.clusterWorkflowTemplates : ctx.workflowTemplates).get(wtRef.name)?.spec);
  walk(wf.status?.storedTemplates);
  return out;
}
