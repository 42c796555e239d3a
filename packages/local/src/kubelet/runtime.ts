/** What a pod worker needs from the kubelet around it. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ExecutorContext, ExecutorResult } from '@argo-ts/executor';
import type { ImagePuller } from '../images/puller.js';
import type { Spawner } from '../sandbox/spawner.js';
import type { PodAddresses } from './addresses.js';
import type { KubeletApi } from './api.js';
import type { LogRegistry } from './logs.js';

/** Runs one `argoexec …` container in this process (the executor's runInProcess). */
export type InProcessExecutor = (ctx: ExecutorContext) => Promise<ExecutorResult>;

export type ExecutorMode = 'process' | 'in-process';

export interface PodRuntime {
  api: KubeletApi;
  spawner: Spawner;
  logs: LogRegistry;
  stateDir: string;
  /** Host directory of the image shims (see shims/install.ts). */
  shimsDir: string;
  nodeName: string;
  /** Hands out pod IPs; the kubelet releases them when a pod's worker ends. */
  addresses: PodAddresses;
  nodeLabels: Record<string, string>;
  executor: InProcessExecutor;
  /** Pulls images for sandboxed containers (see images/); undefined: host tools for every image. */
  images?: ImagePuller;
  /**
   * 'process': executor-image containers run the real argoexec as a sandboxed
   * process, every container runs as its user, and the kubelet does only what
   * a kubelet does (it stops no sidecars). 'in-process': the fast mode.
   */
  executorMode: ExecutorMode;
  /** hostPath volumes are refused (Pod Security's baseline) unless the daemon was started allowing them. */
  allowHostPath: boolean;
  /** Handed to in-process executor containers: the local API server. */
  kubeConfig: KubeConfig;
  log(message: string): void;
  /** Logs a message only the first time it is seen (e.g. "image X not pulled"). */
  logOnce(message: string): void;
}
