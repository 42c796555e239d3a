/** Flags of the `workflow-controller` bin, as Argo names them. */
import { parseArgs } from 'node:util';
import { durationNanos, goDurationError } from '@argo-ts/lang';
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
  --help
environment, as Argo's: LEADER_ELECTION_IDENTITY, LEADER_ELECTION_LEASE_DURATION (15s),
  LEADER_ELECTION_RENEW_DEADLINE (10s), LEADER_ELECTION_RETRY_PERIOD (5s)`;

function fail(msg: string): never {
  throw new FlagError(msg);
}

function int(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) fail(`--${name}: expected a non-negative integer, got '${v}'`);
  return Number(v);
}

const LEASE_ENV = {
  leaseDurationMs: 'LEADER_ELECTION_LEASE_DURATION',
  renewDeadlineMs: 'LEADER_ELECTION_RENEW_DEADLINE',
  retryPeriodMs: 'LEADER_ELECTION_RETRY_PERIOD',
} as const;

/** The lease timings Argo reads from its environment (Go durations). */
export function leaderElectionFromEnv(env: NodeJS.ProcessEnv): NonNullable<StartControllerOptions['leaderElection']> {
  const out: NonNullable<StartControllerOptions['leaderElection']> = {};
  for (const [key, name] of Object.entries(LEASE_ENV) as [keyof typeof LEASE_ENV, string][]) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const ns = durationNanos(text);
    if (ns === undefined) fail(`${name}: ${goDurationError(text)}`);
    if (ns <= 0) fail(`${name}: must be greater than 0, got ${text}`);
    out[key] = ns / 1e6;
  }
  const { leaseDurationMs = 15_000, renewDeadlineMs = 10_000, retryPeriodMs = 5_000 } = out;
  // client-go's own checks: the leader must give up before others may take over.
  if (leaseDurationMs <= renewDeadlineMs) fail(`${LEASE_ENV.leaseDurationMs} (${leaseDurationMs} ms) must be greater than ${LEASE_ENV.renewDeadlineMs} (${renewDeadlineMs} ms)`);
  if (renewDeadlineMs <= retryPeriodMs) fail(`${LEASE_ENV.renewDeadlineMs} (${renewDeadlineMs} ms) must be greater than ${LEASE_ENV.retryPeriodMs} (${retryPeriodMs} ms)`);
  return out;
}

export function parseFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): StartControllerOptions | 'help' {
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
    ...(v['leader-elect'] ? { leaderElection: leaderElectionFromEnv(env) } : {}),
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

