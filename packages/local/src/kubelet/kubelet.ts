/**
 * The local kubelet: watches every pod on the API server (list, then watch
 * from the list's resourceVersion; re-list on 410; restart with backoff on
 * any other error, where a plain ListWatch would give up),
 * runs new pods, and finishes deletions (graceful kill, then DELETE with
 * gracePeriodSeconds=0). Purely event-driven: no periodic polling.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { runInProcess } from '@argo-ts/executor';
import { Backoff, connectionFromKubeConfig, isCode, KubeClient } from '@argo-ts/spec/kube';
import { RegistryClient } from '@argo-ts/oci';
import { ImagePuller, type ImageMode } from '../images/puller.js';
import { ImageStore } from '../images/store.js';
import { Spawner } from '../sandbox/spawner.js';
import { installShims } from '../shims/install.js';
import { PodAddresses } from './addresses.js';
import type { KubeletApi } from './api.js';
import { kubeletApi } from './http-api.js';
import { LogRegistry, podLogDir } from './logs.js';
import { PodWorker, podDirOf } from './pod-worker.js';
import type { ExecutorMode, InProcessExecutor, PodRuntime } from './runtime.js';
import { LOCAL_NODE_NAME, localNodeLabels } from './scheduling.js';

export interface KubeletOptions {
  kubeConfig: KubeConfig;
  stateDir: string;
  nodeName?: string;
  /** Defaults to @argo-ts/executor's runInProcess. */
  executor?: InProcessExecutor;
  /** How executor-image containers run (see PodRuntime.executorMode); default 'in-process'. */
  executorMode?: ExecutorMode;
  /** Defaults to the shared Kubernetes client over kubeConfig. */
  api?: KubeletApi;
  log?: (message: string) => void;
  /** Share one registry with the API server's pods/log (it needs it before the kubelet exists). */
  logs?: LogRegistry;
  /** false: every pod reports 127.0.0.1 (default: its own loopback address when the host supports it; see addresses.ts). */
  distinctPodIPs?: boolean;
  /** How images are got (default `host`: the host's tools, never pulled; the daemon defaults to `auto`). */
  imageMode?: ImageMode;
  /** Registries reached over plain http besides loopback. */
  insecureRegistries?: string[];
  /** Honour hostPath volumes (default false: refused, as Pod Security's baseline level refuses them). */
  allowHostPath?: boolean;
}

const DEFAULT_GRACE_SECONDS = 30;
/** Between failed watches (spec's one Backoff). */
const WATCH_BACKOFF = { initialMs: 100, maxMs: 5000, jitter: 0.2 };

export class Kubelet {
  readonly logs: LogRegistry;
  readonly podAddresses = new PodAddresses();
  private readonly distinctPodIPs: boolean;
  private readonly rt: PodRuntime;
  private readonly workers = new Map<string, PodWorker>();
  /** uids this kubelet has finished or is deleting, so later events are ignored (forgotten on DELETED). */
  private readonly settled = new Set<string>();
  private readonly deleting = new Set<string>();
  private watchAbort: AbortController | undefined;
  private stopped = false;
  private resourceVersion = '';
  private readonly watchBackoff = new Backoff(WATCH_BACKOFF);
  private retryTimer: NodeJS.Timeout | undefined;
  /** The pod list and watch (the shared client: list and watch events in one plain-JSON shape). */
  private readonly client: KubeClient;

  constructor(opts: KubeletOptions) {
    const seen = new Set<string>();
    this.client = new KubeClient(connectionFromKubeConfig(opts.kubeConfig));
    const log = opts.log ?? ((m: string) => console.error(`kubelet: ${m}`));
    const nodeName = opts.nodeName ?? LOCAL_NODE_NAME;
    const shimsDir = join(opts.stateDir, 'shims');
    this.distinctPodIPs = opts.distinctPodIPs ?? true;
    installShims(shimsDir);
    this.logs = opts.logs ?? new LogRegistry(opts.stateDir);
    this.rt = {
      api: opts.api ?? kubeletApi(opts.kubeConfig),
      spawner: new Spawner({ shimBinDir: join(opts.stateDir, 'shim-bin'), log }),
      logs: this.logs,
      stateDir: opts.stateDir,
      shimsDir,
      nodeName,
      addresses: this.podAddresses,
      nodeLabels: localNodeLabels(nodeName),
      executor: opts.executor ?? runInProcess,
      images: opts.imageMode && opts.imageMode !== 'host'
        ? new ImagePuller({ store: new ImageStore(opts.stateDir), client: new RegistryClient({ insecureRegistries: opts.insecureRegistries }), mode: opts.imageMode })
        : undefined,
      executorMode: opts.executorMode ?? 'in-process',
      allowHostPath: opts.allowHostPath ?? false,
      kubeConfig: opts.kubeConfig,
      log,
      logOnce: (m) => {
        if (seen.has(m)) return;
        seen.add(m);
        log(m);
      },
    };
  }

  /** Lists pods and starts watching; resolves after the first list was handled. */
  async start(): Promise<void> {
    if (this.distinctPodIPs && !(await this.podAddresses.probe())) this.rt.log('loopback aliases do not work here: every pod gets 127.0.0.1');
    await this.listAndWatch();
  }

  /** Stops watching and kills every running pod (grace `graceSeconds`). */
  async stop(graceSeconds = 2): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.watchAbort?.abort();
    await Promise.all([...this.workers.values()].map((w) => w.stop(graceSeconds)));
    await this.rt.spawner.close();
  }

  /** Pods this kubelet still remembers (running, finished or being deleted). */
  trackedPods(): number {
    return new Set([...this.workers.keys(), ...this.settled, ...this.deleting]).size;
  }

  /** Handles one pod event; public so that tests can drive the kubelet without a watch. */
  handle(type: string, pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    if (pod.spec?.nodeName && pod.spec.nodeName !== this.rt.nodeName) return;
    if (type === 'DELETED') {
      // The object is gone for good: stop what still runs, then forget the uid.
      const finishing = this.deleting.has(uid) ? Promise.resolve() : this.finishDeletion(pod, false);
      void finishing.finally(() => {
        this.workers.delete(uid);
        this.settled.delete(uid);
        this.deleting.delete(uid);
        this.podAddresses.release(uid);
      });
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      void this.finishDeletion(pod, true);
      return;
    }
    if (this.workers.has(uid) || this.settled.has(uid)) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.settled.add(uid);
      return;
    }
    // Started by an earlier kubelet: its containers run on under their shims (or ended meanwhile); adopt them.
    const worker = new PodWorker(pod, this.rt, Boolean(pod.status?.startTime));
    this.workers.set(uid, worker);
    void worker.run().finally(() => {
      this.podAddresses.release(uid);
      // Not when the pod was deleted meanwhile: its uid is forgotten already.
      if (this.workers.get(uid) !== worker) return;
      this.workers.delete(uid);
      this.settled.add(uid);
    });
  }

  private async finishDeletion(pod: V1Pod, deleteObject: boolean): Promise<void> {
    const uid = pod.metadata!.uid!;
    if (this.deleting.has(uid)) return;
    this.deleting.add(uid);
    this.settled.add(uid);
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const worker = this.workers.get(uid);
    try {
      if (worker) await worker.stop(grace);
      rmSync(podDirOf(this.rt.stateDir, pod), { recursive: true, force: true });
      rmSync(podLogDir(this.rt.stateDir, pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? ''), { recursive: true, force: true });
      if (deleteObject) await this.rt.api.deletePodNow(pod.metadata?.namespace ?? 'default', pod.metadata!.name!, uid);
    } catch (e) {
      this.rt.log(`pod ${pod.metadata?.name}: deletion: ${(e as Error).message}`);
    }
  }

  private async listAndWatch(): Promise<void> {
    const list = await this.client.json<{ metadata?: { resourceVersion?: string }; items: V1Pod[] }>({ method: 'GET', path: '/api/v1/pods' });
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    for (const pod of list.items) this.handle('ADDED', pod);
    await this.watch();
  }

  /** Watches from the last resourceVersion seen; the stream's end (or its failure) goes to onWatchEnd. */
  private async watch(): Promise<void> {
    if (this.stopped) return;
    const abort = new AbortController();
    this.watchAbort = abort;
    void this.client.watch<V1Pod>(
      { method: 'GET', path: '/api/v1/pods', query: { resourceVersion: this.resourceVersion, allowWatchBookmarks: true } },
      (type, obj) => {
        if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
        if (type === 'BOOKMARK') return;
        this.watchBackoff.reset();
        this.handle(type, obj);
      },
      abort.signal,
    ).then((how) => {
      if (how === 'ended') this.onWatchEnd(undefined);
    }, (err: unknown) => this.onWatchEnd(err));
  }

  private onWatchEnd(err: unknown): void {
    if (this.stopped) return;
    const gone = isCode(err, 'Gone');
    // A clean end (server timeout) re-watches at once; errors back off.
    const delay = err || gone ? this.watchBackoff.next() : 0;
    if (err && !gone) this.rt.log(`pod watch failed (retrying in ${delay} ms): ${(err as Error).message ?? err}`);
    this.retryTimer = setTimeout(() => {
      const next = gone ? this.listAndWatch() : this.watch();
      next.catch((e: unknown) => this.onWatchEnd(e));
    }, gone ? 0 : delay);
  }
}
