/**
 * Registry credentials: `kubernetes.io/dockerconfigjson` secrets (the
 * `auths` map Docker writes), matched to a registry as the kubelet matches
 * them, and the `WWW-Authenticate` challenges a registry answers with.
 */
import { z } from 'zod';
import { DOCKER_HUB } from './reference.js';

export interface Credential {
  username: string;
  password: string;
}

const AuthEntrySchema = z.looseObject({
  username: z.string().optional(),
  password: z.string().optional(),
  auth: z.string().optional(),
});
const DockerConfigSchema = z.looseObject({ auths: z.record(z.string(), AuthEntrySchema) });

/** Host (and port) a config key names: `https://index.docker.io/v1/` → `index.docker.io`. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!.toLowerCase();
}

function sameRegistry(keyHostName: string, registry: string): boolean {
  const hub = (h: string): string => (h === 'index.docker.io' || h === 'registry-1.docker.io' ? DOCKER_HUB : h);
  return hub(keyHostName) === hub(registry.toLowerCase());
}

/**
 * Parses one `.dockerconfigjson` document; `source` names it in errors
 * (e.g. `secret argo/regcred`). Returns the credentials per registry host.
 */
export function parseDockerConfig(json: string, source: string): Map<string, Credential> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${source}: .dockerconfigjson: expected JSON (${(e as Error).message})`);
  }
  const parsed = DockerConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: .dockerconfigjson: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const out = new Map<string, Credential>();
  for (const [key, entry] of Object.entries(parsed.data.auths)) {
    let { username, password } = entry;
    if ((username === undefined || password === undefined) && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new Error(`${source}: .dockerconfigjson: auths.${key}.auth: expected base64 of "user:password"`);
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    if (username !== undefined && password !== undefined) out.set(keyHost(key), { username, password });
  }
  return out;
}

/** Credentials for a registry, in the order given (the first matching secret wins, as in the kubelet). */
export function credentialsFor(registry: string, keyrings: Array<Map<string, Credential>>): Credential[] {
  const out: Credential[] = [];
  for (const ring of keyrings) {
    for (const [host, cred] of ring) if (sameRegistry(host, registry)) out.push(cred);
  }
  return out;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"` */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!)) params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

export function basicAuthorization(c: Credential): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
