/**
 * Runs one pod: scheduling check, volumes, init containers in order, then the
 * containers together, publishing status as a kubelet does (restartPolicy
 * Never semantics: a failed container is not restarted).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { Containers, Labels } from '@argo-ts/spec';
import { isExecutorContainer, startContainer, type ContainerHandle, type ContainerRun, type Terminated } from './containers.js';
import { pullImage } from './image-pull.js';
import type { PullOutcome } from '../images/puller.js';
import { startExecutorProcess } from './executor-process.js';
import { containerUser } from './users.js';
import { ContainerConfigError, resolveEnv } from './env.js';
import { containerLogPath, podLogDir } from './logs.js';
import { containerMounts } from './mounts.js';
import { StatusPublisher } from './publisher.js';
import type { PodRuntime } from './runtime.js';
import { POD_IP_ENV } from './addresses.js';
import { LOCAL_IP, unschedulableReason } from './scheduling.js';
import { buildPodStatus, setCondition, type ContainerView, type PodView } from './status.js';
import { preparePodApiAccess, wantsPodApiAccess, type PodApiAccess } from './serviceaccount.js';
import { prepareVolumes } from './volumes.js';

const STOP_AFTER_KILL_MS = 5_000;
const NEVER_RAN = new Set(['ContainerCannotRun', 'CreateContainerConfigError']);

export function podDirOf(stateDir: string, pod: V1Pod): string {
  return join(stateDir, 'pods', pod.metadata?.namespace ?? 'default', pod.metadata?.uid ?? 'unknown');
}

export class PodWorker {
  private readonly view: PodView;
  private readonly abort = new AbortController();
  private readonly handles = new Set<ContainerHandle>();
  private readonly byName = new Map<string, ContainerHandle>();
  private sidecarsStopping = false;
  private readonly publisher: StatusPublisher;
  private readonly namespace: string;
  private readonly name: string;
  private readonly podDir: string;
  /** The service account mount and KUBECONFIG; undefined when the pod opted out. */
  private apiAccess: PodApiAccess | undefined;

  /**
   * @param resume the pod was started by an earlier kubelet (it has a startTime):
   * containers that ended keep their recorded state, running ones are adopted
   * through their shims, and only what never started (or ran inside the old
   * daemon, as in-process executor containers do) is started now.
   */
  constructor(private pod: V1Pod, private readonly rt: PodRuntime, private readonly resume = false) {
    this.namespace = pod.metadata?.namespace ?? 'default';
    this.name = pod.metadata?.name ?? '';
    this.podDir = podDirOf(rt.stateDir, pod);
    const view = (c: V1Container, reason: string): ContainerView => ({ name: c.name, image: c.image ?? '', state: { kind: 'waiting', reason } });
    this.view = {
      podUid: pod.metadata?.uid ?? '',
      phase: 'Pending',
      conditions: new Map(),
      initContainers: (pod.spec?.initContainers ?? []).map((c) => view(c, 'PodInitializing')),
      containers: (pod.spec?.containers ?? []).map((c) => view(c, pod.spec?.initContainers?.length ? 'PodInitializing' : 'ContainerCreating')),
    };
    this.publisher = new StatusPublisher(rt.api, this.namespace, this.name, rt.log);
  }

  get deleted(): boolean {
    return this.abort.signal.aborted;
  }

  /** Runs the pod to completion (or until stopped); resolves once the final status is written. */
  async run(): Promise<void> {
    try {
      await this.runPhases();
    } catch (e) {
      this.rt.log(`pod ${this.namespace}/${this.name}: ${(e as Error).message}`);
      this.finish('Failed', 'KubeletError', (e as Error).message);
    }
    this.rt.images?.store.releaseInUse(this.view.podUid);
    await this.publisher.flush();
  }

  /** Stops every container: SIGTERM, then SIGKILL after `graceSeconds`. */
  async stop(graceSeconds: number): Promise<void> {
    this.abort.abort();
    const all = [...this.handles];
    for (const h of all) h.kill('SIGTERM');
    const done = Promise.all(all.map((h) => h.done));
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((r) => (timer = setTimeout(() => r('expired'), graceSeconds * 1000)));
    if ((await Promise.race([done, expired])) === 'expired') for (const h of all) h.kill('SIGKILL');
    clearTimeout(timer);
    // An in-process executor that ignores its abort signal must not hold up deletion forever.
    const abandoned = new Promise<'abandoned'>((r) => (timer = setTimeout(() => r('abandoned'), STOP_AFTER_KILL_MS)));
    if ((await Promise.race([done, abandoned])) === 'abandoned') {
      this.rt.log(`pod ${this.namespace}/${this.name}: a container did not end ${STOP_AFTER_KILL_MS} ms after SIGKILL; giving up on it`);
    }
    clearTimeout(timer);
  }

  private async runPhases(): Promise<void> {
    const unschedulable = unschedulableReason(this.pod, this.rt.nodeLabels);
    if (unschedulable) {
      setCondition(this.view, 'PodScheduled', 'False', 'Unschedulable', unschedulable);
      this.publish(true);
      return;
    }
    if (!this.pod.spec?.nodeName) {
      this.rt.api.bindPod(this.namespace, this.name, this.rt.nodeName).catch((e: Error) => this.rt.log(`pod ${this.namespace}/${this.name}: bind: ${e.message}`));
    }
    setCondition(this.view, 'PodScheduled', 'True');
    setCondition(this.view, 'Initialized', this.view.initContainers.length ? 'False' : 'True', this.view.initContainers.length ? 'ContainersNotInitialized' : undefined);
    setCondition(this.view, 'Ready', 'False', 'ContainersNotReady');
    setCondition(this.view, 'ContainersReady', 'False', 'ContainersNotReady');
    const earlierStart = this.resume && this.pod.status?.startTime ? new Date(this.pod.status.startTime) : undefined;
    this.view.startTime = earlierStart ?? new Date();
    this.assignPodIP();
    this.publish();

    // An adopted pod's logs are still being written by its containers' shims.
    if (!this.resume) rmSync(podLogDir(this.rt.stateDir, this.namespace, this.name), { recursive: true, force: true });
    mkdirSync(podLogDir(this.rt.stateDir, this.namespace, this.name), { recursive: true });
    let volumes: Map<string, string>;
    try {
      volumes = await prepareVolumes({ pod: this.pod, api: this.rt.api, volumesDir: join(this.podDir, 'volumes'), pvcsDir: join(this.rt.stateDir, 'pvcs'), allowHostPath: this.rt.allowHostPath });
      this.apiAccess = await preparePodApiAccess({ pod: this.pod, api: this.rt.api, kubeConfig: this.rt.kubeConfig, podDir: this.podDir });
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      this.failAll(e.message);
      return;
    }

    const inits = this.pod.spec?.initContainers ?? [];
    for (let i = 0; i < inits.length; i++) {
      const result = await this.runContainer(inits[i]!, this.view.initContainers[i]!, volumes);
      if (this.deleted) return this.finishDeleted();
      if (result.exitCode !== 0) {
        return this.finish('Failed', undefined, undefined);
      }
    }
    if (inits.length) setCondition(this.view, 'Initialized', 'True');
    for (const c of this.view.containers) c.state = { kind: 'waiting', reason: 'ContainerCreating' };
    this.publish();

    const containers = this.pod.spec?.containers ?? [];
    const results = await Promise.all(containers.map((c, i) => this.runContainer(c, this.view.containers[i]!, volumes)));
    if (this.deleted) return this.finishDeleted();
    this.finish(results.every((r) => r.exitCode === 0) ? 'Succeeded' : 'Failed');
  }

  /** The pod's own copy carries its IP, so that downward-API fieldRefs (status.podIP) see it. */
  private assignPodIP(): void {
    // hostNetwork pods have the node's address, as on Kubernetes.
    const earlier = this.resume ? this.pod.status?.podIP : undefined;
    const podIP = this.pod.spec?.hostNetwork ? LOCAL_IP : this.rt.addresses.acquire(this.view.podUid, earlier);
    this.view.podIP = podIP;
    this.pod = { ...this.pod, status: { ...this.pod.status, podIP, podIPs: [{ ip: podIP }] } };
  }

  private podIPEnv(): Record<string, string> {
    const ip = this.view.podIP;
    return ip && ip !== LOCAL_IP ? { [POD_IP_ENV]: ip } : {};
  }

  /** Where a container's final state is kept, so that a restarted kubelet neither reruns nor forgets it. */
  private recordPath(c: V1Container): string {
    return join(this.podDir, 'terminated', `${c.name}.json`);
  }

  private recorded(c: V1Container): Terminated | undefined {
    if (!this.resume) return undefined;
    try {
      const t = JSON.parse(readFileSync(this.recordPath(c), 'utf8')) as Terminated;
      return { ...t, startedAt: new Date(t.startedAt), finishedAt: new Date(t.finishedAt) };
    } catch {
      return undefined;
    }
  }

  private record(c: V1Container, t: Terminated): void {
    try {
      mkdirSync(join(this.podDir, 'terminated'), { recursive: true });
      writeFileSync(this.recordPath(c), JSON.stringify(t), { mode: 0o600 });
    } catch (e) {
      this.rt.log(`pod ${this.namespace}/${this.name}: ${c.name}: cannot record its end: ${(e as Error).message}`);
    }
  }

  private async runContainer(c: V1Container, view: ContainerView, volumes: Map<string, string>): Promise<Terminated> {
    const earlier = this.recorded(c);
    if (earlier) {
      view.state = earlier;
      this.publish();
      return earlier;
    }
    const startedAt = new Date();
    let handle: ContainerHandle;
    const logPath = containerLogPath(this.rt.stateDir, this.namespace, this.name, c.name);
    try {
      const access = this.apiAccess?.files && wantsPodApiAccess(c) ? this.apiAccess.files : undefined;
      const env = await resolveEnv(this.pod, c, this.rt.api, { ...access?.env, ...this.podIPEnv() });
      if (this.deleted) throw new ContainerConfigError('pod is being deleted');
      const mounts = containerMounts(c, volumes, env);
      if (access) mounts.push(access.mount);
      let image: PullOutcome | undefined;
      if (this.rt.images && !isExecutorContainer(c)) {
        image = await pullImage(this.rt, this.pod, c, (reason, message) => {
          view.state = { kind: 'waiting', reason, message };
          this.publish();
        }, this.abort.signal);
        if (!image) throw new ContainerConfigError('pod is being deleted');
        if (image.kind === 'image') view.imageID = `${image.image.name.replace(/[:@][^/]*$/, '')}@${image.image.digest}`;
      }
      this.rt.logs.containerStarted(this.namespace, this.name, c.name);
      const run: ContainerRun = {
        container: c, pod: this.pod, env, mounts, podDir: this.podDir, logPath, signal: this.abort.signal, kubeConfig: this.apiAccess?.kubeConfig, image, resume: this.resume,
        onStarted: (at) => this.onStarted(view, at),
        killContainers: (names, signal) => this.killContainers(names, signal),
      };
      if (this.rt.executorMode === 'process') {
        handle = isExecutorContainer(c) ? startExecutorProcess(run, this.rt) : startContainer({ ...run, user: containerUser(this.pod, c) }, this.rt);
      } else {
        handle = startContainer(run, this.rt);
      }
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      view.state = { kind: 'terminated', exitCode: 128, reason: 'CreateContainerConfigError', message: e.message, startedAt, finishedAt: new Date() };
      this.publish();
      return view.state;
    }
    this.handles.add(handle);
    this.byName.set(c.name, handle);
    const result = await handle.done;
    this.handles.delete(handle);
    this.byName.delete(c.name);
    this.rt.logs.containerEnded(this.namespace, this.name, c.name);
    if (!this.deleted) this.record(c, result);
    view.state = result;
    this.publish();
    this.stopSidecarsWhenDone();
    return result;
  }

  /** Signals running containers by name (offered to in-process executors). */
  killContainers(names: string[], signal: 'SIGTERM' | 'SIGKILL'): void {
    for (const name of names) this.byName.get(name)?.kill(signal);
  }

  /**
   * Argo's workflow pods end when `main` and `wait` have: remaining
   * containers are sidecars, which Argo stops (SIGTERM, then SIGKILL after the
   * grace period) rather than waiting for them forever.
   */
  private stopSidecarsWhenDone(): void {
    // A node's kubelet does not do this: in process mode the executor must (the wait container signals the sidecars).
    if (this.rt.executorMode === 'process') return;
    if (this.sidecarsStopping || !this.pod.metadata?.labels?.[Labels.workflow]) return;
    const byName = new Map(this.view.containers.map((c) => [c.name, c]));
    // A main container that never ran leaves no exit code for `wait` to wait for: stop it too.
    const main = byName.get(Containers.main)?.state;
    if (main?.kind === 'terminated' && NEVER_RAN.has(main.reason)) this.killContainers([Containers.wait], 'SIGTERM');
    const essential = [Containers.main, Containers.wait].filter((n) => byName.has(n));
    if (essential.length === 0 || essential.some((n) => byName.get(n)!.state.kind !== 'terminated')) return;
    const sidecars = this.view.containers.filter((c) => !essential.includes(c.name as never) && c.state.kind !== 'terminated').map((c) => c.name);
    if (sidecars.length === 0) return;
    this.sidecarsStopping = true;
    this.killContainers(sidecars, 'SIGTERM');
    const grace = this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    setTimeout(() => this.killContainers(sidecars, 'SIGKILL'), grace * 1000).unref();
  }

  private onStarted(view: ContainerView, startedAt: Date): void {
    if (view.state.kind === 'terminated') return;
    view.state = { kind: 'running', startedAt };
    if (this.view.conditions.get('Initialized')?.status === 'True') {
      this.view.phase = 'Running';
      if (this.view.containers.every((c) => c.state.kind === 'running')) {
        setCondition(this.view, 'ContainersReady', 'True');
        setCondition(this.view, 'Ready', 'True');
      }
    }
    this.publish();
  }

  private failAll(message: string): void {
    const now = new Date();
    for (const c of [...this.view.initContainers, ...this.view.containers]) {
      c.state = { kind: 'terminated', exitCode: 128, reason: 'CreateContainerConfigError', message, startedAt: now, finishedAt: now };
    }
    this.finish('Failed', 'CreateContainerConfigError', message);
  }

  private finishDeleted(): void {
    this.finish('Failed', 'Terminated', 'the pod was deleted');
  }

  private finish(phase: 'Succeeded' | 'Failed', reason?: string, message?: string): void {
    this.view.phase = phase;
    this.view.reason = reason;
    this.view.message = message;
    setCondition(this.view, 'ContainersReady', 'False', 'PodCompleted');
    setCondition(this.view, 'Ready', 'False', 'PodCompleted');
    this.publish(true);
  }

  private publish(final = false): void {
    this.publisher.publish(buildPodStatus(this.view), final);
  }
}
