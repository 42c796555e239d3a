/**
 * Images are never pulled: containers run with the host's tools. What a
 * container's image would contribute is its ENTRYPOINT and CMD; for a few
 * well-known images we know them (argosay and cowsay come from our shims).
 */
export interface KnownImage {
  /** ENTRYPOINT; empty when the image has none (then `args` are the command). */
  entrypoint: string[];
  /** CMD. */
  cmd: string[];
}

const KNOWN_IMAGES: Record<string, KnownImage> = {
  'argoproj/argosay': { entrypoint: ['argosay'], cmd: [] },
  'docker/whalesay': { entrypoint: ['cowsay'], cmd: [] },
  alpine: { entrypoint: [], cmd: ['sh'] },
  busybox: { entrypoint: [], cmd: ['sh'] },
  debian: { entrypoint: [], cmd: ['bash'] },
  ubuntu: { entrypoint: [], cmd: ['bash'] },
  python: { entrypoint: [], cmd: ['python3'] },
  bash: { entrypoint: [], cmd: ['bash'] },
};

/** `docker.io/library/alpine:3.18@sha256:…` → `alpine`; `quay.io/argoproj/argosay:v2` → `argoproj/argosay`. */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

export function knownImage(image: string): KnownImage | undefined {
  return KNOWN_IMAGES[imageRepository(image)];
}

export type CommandResolution = { ok: true; argv: string[] } | { ok: false; message: string };

/**
 * Docker/Kubernetes rules: `command` replaces ENTRYPOINT (and drops CMD),
 * `args` replaces CMD; both already `$(VAR)`-expanded by the caller.
 */
export function resolveCommand(image: string, command: string[] | undefined, args: string[] | undefined): CommandResolution {
  if (command && command.length > 0) return { ok: true, argv: [...command, ...(args ?? [])] };
  const known = knownImage(image);
  if (!known) return { ok: false, message: `image ${image} has no known entrypoint; set command` };
  const argv = [...known.entrypoint, ...(args && args.length > 0 ? args : known.cmd)];
  if (argv.length === 0) return { ok: false, message: `image ${image} has no known entrypoint; set command` };
  return { ok: true, argv };
}
