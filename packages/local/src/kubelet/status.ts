/**
 * Pod status as a kubelet reports it, built from the runner's view of each
 * container. Pure: the pod worker owns the state and publishes the result.
 */
import type { V1ContainerStatus, V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import { LOCAL_IP } from './scheduling.js';

export type TerminatedReason = 'Completed' | 'Error' | 'OOMKilled' | 'ContainerCannotRun' | 'CreateContainerConfigError';

export type ContainerRunState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: Date }
  | { kind: 'terminated'; exitCode: number; reason: TerminatedReason; message?: string; startedAt: Date; finishedAt: Date; signal?: number };

export interface ContainerView {
  name: string;
  image: string;
  /** `name@digest` of the pulled image; unset while running with host tools. */
  imageID?: string;
  state: ContainerRunState;
}

export type ConditionType = 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready';

export interface PodView {
  podUid: string;
  /** Set once scheduled (see addresses.ts). */
  podIP?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  reason?: string;
  message?: string;
  startTime?: Date;
  conditions: Map<ConditionType, { status: 'True' | 'False'; reason?: string; message?: string; since: Date }>;
  initContainers: ContainerView[];
  containers: ContainerView[];
}

export function setCondition(view: PodView, type: ConditionType, status: 'True' | 'False', reason?: string, message?: string): void {
  const old = view.conditions.get(type);
  const since = old && old.status === status ? old.since : new Date();
  view.conditions.set(type, { status, reason, message, since });
}

export function buildPodStatus(view: PodView): V1PodStatus {
  const scheduled = view.conditions.get('PodScheduled')?.status === 'True';
  const status: V1PodStatus = {
    phase: view.phase,
    conditions: [...view.conditions].map(([type, c]): V1PodCondition => ({
      type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.since, lastProbeTime: undefined,
    })),
    qosClass: 'BestEffort',
  };
  if (view.reason) status.reason = view.reason;
  if (view.message) status.message = view.message;
  if (!scheduled) return status;
  status.hostIP = LOCAL_IP;
  status.podIP = view.podIP ?? LOCAL_IP;
  status.hostIPs = [{ ip: LOCAL_IP }];
  status.podIPs = [{ ip: status.podIP }];
  if (view.startTime) status.startTime = view.startTime;
  if (view.initContainers.length > 0) status.initContainerStatuses = view.initContainers.map((c) => containerStatus(view.podUid, c));
  status.containerStatuses = view.containers.map((c) => containerStatus(view.podUid, c));
  return status;
}

function containerStatus(podUid: string, c: ContainerView): V1ContainerStatus {
  const s = c.state;
  const base = { name: c.name, image: c.image, imageID: c.imageID ?? `argo-ts-host://${c.image}`, restartCount: 0 };
  if (s.kind === 'waiting') {
    return { ...base, ready: false, started: false, state: { waiting: { reason: s.reason, message: s.message } } };
  }
  const containerID = `argo-ts://${podUid}/${c.name}`;
  if (s.kind === 'running') return { ...base, containerID, ready: true, started: true, state: { running: { startedAt: s.startedAt } } };
  return {
    ...base, containerID, ready: false, started: false,
    state: { terminated: { exitCode: s.exitCode, reason: s.reason, message: s.message, startedAt: s.startedAt, finishedAt: s.finishedAt, signal: s.signal, containerID } },
  };
}
