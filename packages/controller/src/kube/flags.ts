/** Flags of the `workflow-controller` bin, as Argo names them. */
import { parseArgs } from 'node:util';
import type { StartControllerOptions } from './controller.js';

export class FlagError extends Error {
  readonly code = 'InvalidFlag' as const;
  readonly permanent = true;
}

export const USAGE = `usage: workflow-controller [flags]
  --namespace NS            namespace of the controller's ConfigMap and Lease (default $ARGO_NAMESPACE, $POD_NAMESPACE or argo)
  --managed-namespace NS    watch workflows only in NS (default: all namespaces)
  --namespaced              watch only --namespace
  --workers N               concurrent workflow reconciles (default 4; alias --workflow-workers)
  --configmap NAME          controller ConfigMap (default workflow-controller-configmap)
  --kubeconfig PATH         kubeconfig file (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --qps N, --burst N        Kubernetes API rate limit (default 20 / 30)
  --leader-elect            run leader election with a Lease (default off)
  --metrics-port N          /healthz and /metrics port (0 disables; default 9090)
  --executor-image IMAGE    argoexec image (overrides the ConfigMap)
  --help`;

function fail(msg: string): never {
  throw new FlagError(msg);
}

function int(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) fail(`--${name}: expected a non-negative integer, got '${v}'`);
  return Number(v);
}

export function parseFlags(argv: string[]): StartControllerOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: false, strict: true,
      options: {
        namespace: { type: 'string' }, 'managed-namespace': { type: 'string' }, namespaced: { type: 'boolean' },
        workers: { type: 'string' }, 'workflow-workers': { type: 'string' }, configmap: { type: 'string' },
        kubeconfig: { type: 'string' }, qps: { type: 'string' }, burst: { type: 'string' }, 'leader-elect': { type: 'boolean' },
        'metrics-port': { type: 'string' }, 'executor-image': { type: 'string' }, loglevel: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const opts: StartControllerOptions = {
    workers: int('workers', v.workers ?? v['workflow-workers'], 4),
    qps: int('qps', v.qps, 20),
    burst: int('burst', v.burst, 30),
    leaderElect: v['leader-elect'] ?? false,
    metricsPort: int('metrics-port', v['metrics-port'], 9090),
  };
  if (v.namespace) opts.namespace = v.namespace;
  if (v['managed-namespace']) opts.managedNamespace = v['managed-namespace'];
  else if (v.namespaced) opts.managedNamespace = v.namespace ?? process.env.ARGO_NAMESPACE ?? process.env.POD_NAMESPACE ?? 'argo';
  if (v.configmap) opts.configMapName = v.configmap;
  if (v.kubeconfig) opts.kubeConfig = v.kubeconfig;
  if (v['executor-image']) opts.configOverrides = { executorImage: v['executor-image'] };
  return opts;
}

