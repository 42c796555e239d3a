/**
 * Image references, normalised as Docker and Kubernetes do (`alpine` →
 * `docker.io/library/alpine:latest`), parsed by @swimlane/docker-reference,
 * a port of Go's distribution/reference grammar.
 */
import { parseFamiliarName } from '@swimlane/docker-reference';
import { RegistryError } from './errors.js';

export interface ImageReference {
  /** Registry host as written after normalisation: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** Fully qualified name: `docker.io/library/alpine:latest` or `…@sha256:…`. */
  name: string;
}

export const DOCKER_HUB = 'docker.io';
/** Docker Hub's registry API lives on another host than its name. */
const DOCKER_HUB_API = 'registry-1.docker.io';

export function parseImageReference(image: string): ImageReference {
  let ref;
  try {
    ref = parseFamiliarName(image.trim());
  } catch (e) {
    throw new RegistryError('InvalidReference', `couldn't parse image reference "${image}": ${(e as Error).message}`);
  }
  const registry = ref.domain ?? DOCKER_HUB;
  const repository = ref.repository ?? '';
  const digest = ref.digest;
  // A reference without tag and digest means `latest`, as `docker pull` and the kubelet take it.
  const tag = ref.tag ?? (digest ? undefined : 'latest');
  const name = `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), name };
}

/** The host that answers the registry API for a registry name. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB || registry === 'index.docker.io' ? DOCKER_HUB_API : registry;
}

/** Loopback registries speak http, as container runtimes allow without configuration. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
