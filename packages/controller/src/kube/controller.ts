/**
 * The running controller: informers on Workflows, Pods (labelled with their
 * workflow) and WorkflowTaskResults feed one work queue (CronWorkflows have
 * their own controller, cron/controller.ts, started and stopped with it); N workers reconcile
 * keys (never the same key twice at once); the controller config is re-read
 * periodically; optional Lease-based leader election; /healthz and /metrics.
 * `stop()` (or the abort signal) stops intake, lets in-flight reconciles
 * finish, flushes events and releases the lease.
 */
import { EntrypointResolver } from './entrypoints.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { KubeConfig, V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { ArtifactRepositoryDefaults, Labels } from '@argo-ts/spec';
import { retryTransient } from '@argo-ts/spec/kube';
import type { KubeApi, KubeObject } from './api.js';
import { parseControllerConfig, type ControllerConfig } from './config.js';
import { ContextLoader } from './context.js';
import { errorMessage, isCode } from './errors.js';
import { EventRecorder } from './events.js';
import { startHealthServer, type HealthServer } from './http-server.js';
import { HttpRunner } from './http-runner.js';
import { LeaderElector } from './leader.js';
import { ListWatch, keyOf } from './listwatch.js';
import { ControllerMetrics } from './metrics.js';
import { TokenBucket, WorkQueue } from './queue.js';
import { Reconciler, WORKFLOW_INDEX, reconcileErrorCause, workflowIndex } from './reconcile.js';
import { Resources } from './resources.js';
import { RestKubeApi } from './rest.js';
import { LockService } from '../sync/service.js';
import { CronController } from '../cron/controller.js';
import { operate as defaultOperate } from '../operator/operate.js';
import type { Workflow, WorkflowTaskResult } from '../operator/model.js';
import type { Operate } from '../operator/types.js';

export interface StartControllerOptions {
  /** A KubeConfig, or the path of a kubeconfig file; default: in-cluster config, else the default kubeconfig. */
  kubeConfig?: KubeConfig | string;
  /** Use this API client instead of building one from the kubeconfig (tests, in-process servers). */
  api?: KubeApi;
  /** The controller's own namespace: where its ConfigMap and Lease live. Default $ARGO_NAMESPACE, $POD_NAMESPACE or `argo`. */
  namespace?: string;
  /** Watch only this namespace (Argo's --managed-namespace); default all namespaces. */
  managedNamespace?: string;
  /** Concurrent reconciles (default 4). */
  workers?: number;
  /** ConfigMap with the controller configuration (default `workflow-controller-configmap`). */
  configMapName?: string;
  /** Port of /healthz and /metrics; 0 or undefined disables the server. */
  metricsPort?: number;
  metricsHost?: string;
  signal?: AbortSignal;
  /** Client-side API rate limit (requests per second, burst); 0 or undefined disables (the bin defaults to Argo's 20/30). */
  qps?: number;
  burst?: number;
  leaderElect?: boolean;
  /** Lease timings (Argo's LEADER_ELECTION_LEASE_DURATION, _RENEW_DEADLINE, _RETRY_PERIOD; default 15 s, 10 s, 5 s). */
  leaderElection?: { leaseDurationMs?: number; renewDeadlineMs?: number; retryPeriodMs?: number };
  leaseName?: string;
  identity?: string;
  /** Settings that win over the ConfigMap (e.g. `outputsReporter` for the local cluster). */
  configOverrides?: Partial<ControllerConfig>;
  /** Re-deliver every cached workflow this often (default 20 min; 0 disables). */
  resyncMs?: number;
  /** Re-read the controller ConfigMap this often (default 60 s). */
  configRefreshMs?: number;
  /** Kubernetes Events for node phase changes (default true). */
  nodeEvents?: boolean;
  operate?: Operate;
  /** Run the CronWorkflow controller beside the workflow controller, under the same leadership (default true). */
  cron?: boolean;
  /** The cron controller's clock (tests). */
  now?: () => Date;
  log?: (message: string) => void;
  /** Called when leadership is lost; the controller has stopped by then. Default: log. */
  onLostLeadership?: () => void;
}

export interface RunningController {
  stop(): Promise<void>;
  /** Resolves once the informers' first lists have been delivered. */
  synced(): Promise<void>;
  readonly metrics: ControllerMetrics;
  readonly queue: WorkQueue;
  /** Port the health/metrics server listens on, when enabled. */
  readonly metricsPort?: number;
}

/** client-node is imported only when a kubeconfig must be read: it costs about a second of CPU to load. */
async function loadKubeConfig(k: KubeConfig | string | undefined): Promise<KubeConfig> {
  if (k !== undefined && typeof k !== 'string') return k;
  const { KubeConfig: KC } = await import('@kubernetes/client-node');
  const kc = new KC();
  if (typeof k === 'string') kc.loadFromFile(k);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

export async function startController(opts: StartControllerOptions = {}): Promise<RunningController> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`workflow-controller: ${m}\n`));
  const ns = opts.namespace ?? process.env.ARGO_NAMESPACE ?? process.env.POD_NAMESPACE ?? 'argo';
  const qps = opts.qps ?? 0;
  const limiter = qps > 0 ? new TokenBucket(qps, opts.burst ?? 30) : undefined;
  const api = opts.api ?? new RestKubeApi(await loadKubeConfig(opts.kubeConfig), { timeoutMs: 30_000, ...(limiter ? { limiter } : {}) });
  const stopCtl = new AbortController();
  const onOuterAbort = (): void => { void stop(); };
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let config = await readConfig(api, ns, opts, log, true);
  const queue = new WorkQueue();
  const watchNs = opts.managedNamespace;
  const lwOpts = { namespace: watchNs, resyncMs: opts.resyncMs ?? 20 * 60_000, log };
  const workflows = new ListWatch<Workflow & KubeObject>(api, Resources.workflows, lwOpts);
  const pods = new ListWatch<V1Pod & KubeObject>(api, Resources.pods, { ...lwOpts, resyncMs: 0, labelSelector: Labels.workflow });
  const taskResults = new ListWatch<WorkflowTaskResult & KubeObject>(api, Resources.workflowTaskResults, { ...lwOpts, resyncMs: 0, labelSelector: Labels.workflow });
  // Semaphore limits: any ConfigMap may hold one, so all of them are watched.
  const configMaps = new ListWatch<V1ConfigMap & KubeObject>(api, Resources.configMaps, { ...lwOpts, resyncMs: 0 });
  const locks = new LockService({ api, configMaps: configMaps.cache, wake: (key) => queue.add(key), log });
  configMaps.on((_ev, cm) => locks.onConfigMap(cm));
  pods.addIndex(WORKFLOW_INDEX, workflowIndex);
  taskResults.addIndex(WORKFLOW_INDEX, workflowIndex);

  const metrics = new ControllerMetrics({
    workflowPhases: function* () { for (const w of workflows.cache.values()) yield w.status?.phase ?? ''; },
    queueDepth: () => queue.length,
  }, { processMetrics: true });
  const recorder = new EventRecorder(api, 'workflow-controller', log);
  const http = new HttpRunner(api, { log });
  const reconciler = new Reconciler({
    api, operate: opts.operate ?? defaultOperate, workflows, pods, taskResults, loader: new ContextLoader(api),
    config: () => config, recorder, metrics, log, http, nodeEvents: opts.nodeEvents ?? true,
    requeueAfter: (key, ms) => queue.addAfter(key, ms), locks, entrypoints: new EntrypointResolver(api, undefined, log),
  });

  workflows.on((ev, wf) => {
    const key = keyOf(wf);
    locks.onWorkflow(ev, wf);
    if (ev === 'delete') { reconciler.forget(key); queue.forget(key); return; }
    queue.add(key);
  });
  const enqueueOwner = (_ev: string, o: KubeObject): void => { const k = workflowIndex(o); if (k) queue.add(k); };
  pods.on(enqueueOwner);
  taskResults.on((ev, o) => {
    if (ev !== 'delete' && o.metadata?.name) http.resultSeen(o.metadata.namespace ?? 'default', o.metadata.name);
    enqueueOwner(ev, o);
  });

  const cron = opts.cron === false ? undefined : new CronController({ api, namespace: watchNs, log, ...(opts.now ? { now: opts.now } : {}) });

  const workerCount = Math.max(1, opts.workers ?? 4);
  const workerLoops: Promise<void>[] = [];
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      const end = metrics.reconcileSeconds.startTimer();
      try {
        await reconciler.reconcile(key);
        queue.forget(key);
        end({ result: 'ok' });
      } catch (e) {
        end({ result: 'error' });
        metrics.errors.inc({ cause: reconcileErrorCause(e) });
        const transient = !(e && typeof e === 'object' && 'transient' in e && (e as { transient: unknown }).transient === false);
        if (transient) {
          const delay = queue.addRateLimited(key);
          log(`reconcile ${key}: ${errorMessage(e)}; retrying in ${delay} ms`);
        } else {
          log(`reconcile ${key}: ${errorMessage(e)}`);
        }
      } finally {
        queue.done(key);
      }
    }
  };

  let running = false;
  const begin = (): void => {
    if (running || stopCtl.signal.aborted) return;
    running = true;
    workflows.start();
    pods.start();
    taskResults.start();
    configMaps.start();
    cron?.start();
    // No reconcile before the first list of every informer: a restarted controller
    // that operated on a workflow before its pods were listed would take their
    // absence for deletion ("pod deleted") and fail nodes that are running fine.
    // Nor before the locks recorded in statuses are restored: none may be granted twice.
    // ConfigMaps are not waited for: a semaphore's ConfigMap missing from that cache is read directly.
    const synced = Promise.all([workflows.waitForSync(), pods.waitForSync(), taskResults.waitForSync()])
      .then(() => locks.rebuild(workflows.cache.values()));
    for (let i = 0; i < workerCount; i++) workerLoops.push(synced.then(worker, () => undefined));
  };

  const configTimer = setInterval(() => {
    readConfig(api, ns, opts, log, false).then((c) => { config = c; }, (e: unknown) => log(`config: ${errorMessage(e)}`));
  }, opts.configRefreshMs ?? 60_000);
  configTimer.unref();

  let health: HealthServer | undefined;
  if (opts.metricsPort) {
    try {
      health = await startHealthServer(opts.metricsPort, opts.metricsHost ?? '0.0.0.0', metrics.registry, () => !running || (workflows.hasSynced && pods.hasSynced));
    } catch (e) {
      clearInterval(configTimer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
      throw new Error(`metrics server on port ${opts.metricsPort}: ${errorMessage(e)}`);
    }
  }

  let elector: Promise<void> | undefined;
  if (opts.leaderElect) {
    const le = new LeaderElector(api, { namespace: ns, name: opts.leaseName ?? 'workflow-controller', identity: opts.identity ?? (process.env.LEADER_ELECTION_IDENTITY || undefined) ?? `${hostname()}-${randomUUID().slice(0, 8)}`, ...opts.leaderElection, log });
    elector = le.run(stopCtl.signal, () => { log('started leading'); begin(); }, () => {
      log('lost leadership; stopping');
      void stop().then(() => (opts.onLostLeadership ?? (() => undefined))());
    });
  } else {
    begin();
  }

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      clearInterval(configTimer);
      stopCtl.abort();
      await Promise.all([workflows.stop(), pods.stop(), taskResults.stop(), configMaps.stop(), cron?.stop()]);
      queue.shutdown();
      await Promise.all(workerLoops);
      await http.stop();
      await recorder.flush();
      await elector;
      await health?.close();
    })();
    return stopping;
  }

  if (opts.signal?.aborted) await stop();
  return {
    stop,
    synced: async () => { await Promise.all([workflows.waitForSync(), pods.waitForSync()]); },
    metrics,
    queue,
    ...(health ? { metricsPort: health.port } : {}),
  };
}

async function readConfig(api: KubeApi, ns: string, opts: StartControllerOptions, log: (m: string) => void, first: boolean): Promise<ControllerConfig> {
  const name = opts.configMapName ?? ArtifactRepositoryDefaults.controllerConfigMap;
  let data: Record<string, string> | undefined;
  try {
    const get = () => api.get<V1ConfigMap & KubeObject>(Resources.configMaps, ns, name);
    // At start-up a busy API server (429, 500, a timeout) must not end the process; a later reload
    // keeps the config it has and logs instead. Permanent errors (403, a bad config) end it at once.
    data = (first
      ? await retryTransient(get, { attempts: 12, signal: opts.signal, onRetry: (e, n, ms) => log(`config: ${errorMessage(e)}; retry ${n} in ${ms} ms`) })
      : await get()).data;
  } catch (e) {
    if (!isCode(e, 'NotFound')) throw e;
    if (first) log(`config: ConfigMap ${ns}/${name} not found; using defaults`);
  }
  return { ...parseControllerConfig(data, `configmap ${ns}/${name}`), ...opts.configOverrides };
}
