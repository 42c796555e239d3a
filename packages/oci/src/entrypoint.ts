/** ENTRYPOINT and CMD of an image configuration (what Argo's controller looks up for containers without `command`). */
import type { ImageConfig } from './types.js';

export interface ImageEntrypoint {
  entrypoint: string[];
  cmd: string[];
}

export function entrypointOf(config: ImageConfig): ImageEntrypoint {
  return { entrypoint: config.config?.Entrypoint ?? [], cmd: config.config?.Cmd ?? [] };
}
