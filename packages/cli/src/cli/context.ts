/**
 * Global flags and the per-invocation context handlers get: the API client
 * (created on first use, so `argo version` never touches a cluster), the
 * namespace and the output sink.
 */
import type { Argv } from 'yargs';
import type { ArgoApi } from '../kube/api.js';
import type { RenderStyle } from '../format/icons.js';
import { processIo, type Io } from './io.js';

export interface GlobalArgs {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  local?: boolean;
  'argo-server'?: string;
  secure?: boolean;
  'insecure-skip-verify'?: boolean;
  verbose?: boolean;
  'no-color'?: boolean;
  'no-utf8'?: boolean;
}

export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('kubeconfig', { type: 'string', describe: 'Path to a kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the local cluster)', global: true })
    .option('context', { type: 'string', describe: 'The kubeconfig context to use', global: true })
    .option('namespace', { alias: 'n', type: 'string', describe: "Namespace (default: the context's namespace)", global: true })
    .option('local', { type: 'boolean', describe: 'Use the embedded local cluster (started if needed)', global: true })
    .option('argo-server', { alias: 's', type: 'string', describe: 'Talk to this Argo Server (host:port) instead of Kubernetes (default: $ARGO_SERVER); token from $ARGO_TOKEN', global: true })
    .option('secure', { type: 'boolean', describe: 'The Argo Server uses TLS (default: $ARGO_SECURE, else true)', global: true })
    .option('insecure-skip-verify', { alias: 'k', type: 'boolean', describe: "Do not verify the Argo Server's certificate (default: $ARGO_INSECURE_SKIP_VERIFY)", global: true })
    .option('verbose', { alias: 'v', type: 'boolean', describe: 'Print stack traces and request details on errors', global: true })
    .option('no-color', { type: 'boolean', describe: 'Disable colorized output', global: true })
    .option('no-utf8', { type: 'boolean', describe: 'Use plain 7-bit ASCII characters', global: true }) as Argv<T & GlobalArgs>;
}

export interface Ctx {
  io: Io;
  api(): Promise<ArgoApi>;
  style: RenderStyle;
}

type ApiFactory = (args: GlobalArgs) => Promise<ArgoApi>;

const defaultFactory: ApiFactory = async (args) => {
  const { argoServerSettings, ServerArgoApi } = await import('../kube/argo-server.js');
  const server = argoServerSettings(args);
  if (server) return new ServerArgoApi(server);
  const [{ resolveConnection }, { HttpArgoApi }] = await Promise.all([import('../kube/kubeconfig.js'), import('../kube/api.js')]);
  return new HttpArgoApi(await resolveConnection(args));
};

let factory: ApiFactory = defaultFactory;
let io: Io = processIo;

/** Tests replace the API and the output sink. */
export function setTestHooks(hooks: { api?: ApiFactory; io?: Io }): void {
  factory = hooks.api ?? defaultFactory;
  io = hooks.io ?? processIo;
}

export function makeCtx(args: GlobalArgs | object): Ctx {
  const g = args as GlobalArgs;
  let cached: Promise<ArgoApi> | undefined;
  const color = io.isTTY && !g['no-color'] && !process.env.NO_COLOR;
  return {
    io,
    api: () => (cached ??= factory(g)),
    style: { color, utf8: !g['no-utf8'] },
  };
}

/** The namespace for a command: `-n`, else the connection's. */
export function ns(args: GlobalArgs, api: ArgoApi): string {
  return args.namespace || api.namespace;
}
