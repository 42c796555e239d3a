/** @argo-ts/oci: image references and a registry client (OCI distribution / Docker registry v2). */
export { RegistryClient, type RegistryClientOptions } from './client.js';
export { RegistryError, isRegistryError, type RegistryErrorCode } from './errors.js';
export { parseImageReference, apiHost, isLoopback, DOCKER_HUB, type ImageReference } from './reference.js';
export { parseDockerConfig, credentialsFor, parseChallenge, type Credential, type Challenge } from './auth.js';
export { Reachability, UNREACHABLE_TTL_MS } from './reachability.js';
export { hostPlatform, pickPlatform, platformString } from './platform.js';
export { MediaTypes, type Descriptor, type Manifest, type ImageConfig, type ResolvedImage, type Platform } from './types.js';
export { entrypointOf, type ImageEntrypoint } from './entrypoint.js';
