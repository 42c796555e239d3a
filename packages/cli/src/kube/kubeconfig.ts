/**
 * Which cluster the CLI talks to, decided like kubectl and Argo decide it:
 * `--kubeconfig`, then `KUBECONFIG` (a path list, merged first-wins), then
 * `~/.kube/config`, then the in-cluster service account; with none of those
 * (or with `--local`) the embedded local cluster.
 *
 * Parsing is done here rather than with client-node's KubeConfig because
 * loading client-node costs ~500 ms of cold start; client-node is loaded only
 * for auth methods this module does not handle (exec and auth-provider).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { readCached, writeCached } from './kubeconfig-cache.js';

export const IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type ClusterSource =
  | { kind: 'files'; paths: string[] }
  | { kind: 'in-cluster' }
  | { kind: 'local' };

export interface SourceInputs {
  local?: boolean;
  kubeconfigFlag?: string;
  env: Record<string, string | undefined>;
  home: string;
  exists: (path: string) => boolean;
}

/** Pure: picks where the cluster configuration comes from. */
export function chooseClusterSource(inp: SourceInputs): ClusterSource {
  if (inp.local) return { kind: 'local' };
  if (inp.kubeconfigFlag) return { kind: 'files', paths: [inp.kubeconfigFlag] };
  const envList = (inp.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const present = envList.filter((p) => inp.exists(p));
  if (present.length > 0) return { kind: 'files', paths: present };
  const home = join(inp.home, '.kube', 'config');
  if (inp.exists(home)) return { kind: 'files', paths: [home] };
  if (inp.env.KUBERNETES_SERVICE_HOST && inp.exists(join(IN_CLUSTER_DIR, 'token'))) return { kind: 'in-cluster' };
  return { kind: 'local' };
}

/** Everything needed to open an HTTP(S) connection to the API server. */
export interface Connection {
  server: string;
  namespace: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  tokenFile?: string;
  basicAuth?: string;
  insecureSkipTLSVerify?: boolean;
  /** exec / auth-provider users: resolved lazily through client-node. */
  delegate?: { kubeconfigPaths: string[]; context: string };
  /** Where the connection came from, for error messages. */
  origin: string;
}

interface Named<T> { name: string; [key: string]: unknown; value: T }
interface RawKubeconfig {
  clusters: Array<Named<Record<string, any>>>;
  users: Array<Named<Record<string, any>>>;
  contexts: Array<Named<Record<string, any>>>;
  currentContext?: string;
}

function entries(doc: any, key: string, inner: string, file: string): Array<Named<Record<string, any>>> {
  const list = doc?.[key];
  if (list == null) return [];
  if (!Array.isArray(list)) throw new CliError('kubeconfig', `${file}: ${key} must be a list`);
  return list.map((e: any, i: number) => {
    if (!e || typeof e.name !== 'string') throw new CliError('kubeconfig', `${file}: ${key}[${i}].name must be a string`);
    const value = { ...(e[inner] ?? {}) };
    // Relative file references are relative to the kubeconfig that names them.
    for (const f of ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']) {
      if (typeof value[f] === 'string' && !isAbsolute(value[f])) value[f] = resolve(dirname(file), value[f]);
    }
    return { name: e.name, value };
  });
}

/** Parses and merges kubeconfig files; first definition of a name wins, as kubectl does. */
export function parseKubeconfigs(files: Array<{ path: string; text: string }>, parseYaml: (t: string) => unknown): RawKubeconfig {
  const merged: RawKubeconfig = { clusters: [], users: [], contexts: [] };
  for (const { path, text } of files) {
    let doc: any;
    try {
      doc = parseYaml(text) ?? {};
    } catch (err) {
      throw new CliError('kubeconfig', `${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    const add = (into: Array<Named<Record<string, any>>>, list: Array<Named<Record<string, any>>>) => {
      for (const e of list) if (!into.some((x) => x.name === e.name)) into.push(e);
    };
    add(merged.clusters, entries(doc, 'clusters', 'cluster', path));
    add(merged.users, entries(doc, 'users', 'user', path));
    add(merged.contexts, entries(doc, 'contexts', 'context', path));
    if (!merged.currentContext && typeof doc['current-context'] === 'string' && doc['current-context']) {
      merged.currentContext = doc['current-context'];
    }
  }
  return merged;
}

function dataOrFile(obj: Record<string, any>, dataKey: string, fileKey: string, what: string): Buffer | undefined {
  if (typeof obj[dataKey] === 'string') return Buffer.from(obj[dataKey], 'base64');
  if (typeof obj[fileKey] === 'string') {
    try {
      return readFileSync(obj[fileKey]);
    } catch (err) {
      throw new CliError('kubeconfig', `${what}: cannot read ${fileKey} ${obj[fileKey]}: ${(err as Error).message}`);
    }
  }
  return undefined;
}

/** Resolves the connection for a context (the current one unless named). */
export function connectionFromKubeconfig(
  cfg: RawKubeconfig,
  opts: { context?: string; namespace?: string; paths: string[] },
): Connection {
  const origin = opts.paths.join(delimiter);
  const ctxName = opts.context ?? cfg.currentContext;
  if (!ctxName) throw new CliError('kubeconfig', `${origin}: no current-context set and no --context given`);
  const ctx = cfg.contexts.find((c) => c.name === ctxName);
  if (!ctx) throw new CliError('kubeconfig', `${origin}: context "${ctxName}" not found`);
  const cluster = cfg.clusters.find((c) => c.name === ctx.value.cluster);
  if (!cluster) throw new CliError('kubeconfig', `${origin}: context "${ctxName}" names cluster "${ctx.value.cluster}", which is not defined`);
  const user = cfg.users.find((u) => u.name === ctx.value.user)?.value ?? {};
  const c = cluster.value;
  if (typeof c.server !== 'string' || !c.server) {
    throw new CliError('kubeconfig', `${origin}: clusters[${cluster.name}].cluster.server must be a URL`);
  }
  const what = `${origin} (context ${ctxName})`;
  const conn: Connection = {
    server: c.server.replace(/\/+$/, ''),
    namespace: opts.namespace || ctx.value.namespace || 'default',
    ca: dataOrFile(c, 'certificate-authority-data', 'certificate-authority', what),
    cert: dataOrFile(user, 'client-certificate-data', 'client-certificate', what),
    key: dataOrFile(user, 'client-key-data', 'client-key', what),
    insecureSkipTLSVerify: c['insecure-skip-tls-verify'] === true,
    origin: what,
  };
  if (typeof user.token === 'string') conn.token = user.token;
  if (typeof user.tokenFile === 'string') conn.tokenFile = user.tokenFile;
  if (typeof user.username === 'string') {
    conn.basicAuth = Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64');
  }
  if (user.exec || user['auth-provider']) conn.delegate = { kubeconfigPaths: opts.paths, context: ctxName };
  return conn;
}

export function inClusterConnection(namespace?: string): Connection {
  const host = process.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  const nsFile = join(IN_CLUSTER_DIR, 'namespace');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    namespace: namespace || (existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : 'default'),
    ca: existsSync(join(IN_CLUSTER_DIR, 'ca.crt')) ? readFileSync(join(IN_CLUSTER_DIR, 'ca.crt')) : undefined,
    tokenFile: join(IN_CLUSTER_DIR, 'token'),
    origin: 'in-cluster service account',
  };
}

export interface ClusterFlags {
  local?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** Loads the connection for the given flags, starting the local cluster when that is the choice. */
export async function resolveConnection(flags: ClusterFlags): Promise<Connection> {
  const source = chooseClusterSource({
    local: flags.local,
    kubeconfigFlag: flags.kubeconfig,
    env: process.env,
    home: homedir(),
    exists: existsSync,
  });
  if (source.kind === 'in-cluster') return inClusterConnection(flags.namespace);
  let paths: string[];
  if (source.kind === 'local') {
    const { ensureLocal } = await import('./local.js');
    paths = [await ensureLocal()];
  } else {
    paths = source.paths;
  }
  let cfg = readCached<RawKubeconfig>(paths);
  if (!cfg) {
    const files = paths.map((p) => {
      try {
        return { path: p, text: readFileSync(p, 'utf8') };
      } catch (err) {
        throw new CliError('kubeconfig', `cannot read kubeconfig ${p}: ${(err as Error).message}`);
      }
    });
    const { parse } = await import('yaml');
    cfg = parseKubeconfigs(files, (t) => parse(t));
    writeCached(paths, cfg);
  }
  return connectionFromKubeconfig(cfg, { context: flags.context, namespace: flags.namespace, paths });
}
