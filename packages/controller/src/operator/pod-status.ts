/**
 * What a pod says about its node: phase and message from the `main`
 * container's exit (and the init/wait containers' failures), and the outputs
 * the executor reported (pod annotation or WorkflowTaskResult). A main that
 * has exited is still Running until the wait container has exited too.
 * A containerSet pod has several user containers: they count as one `main`
 * that is done when all are, and failed when any failed.
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { Annotations, Containers, Env, Labels, OutputsSchema } from '@argo-ts/spec';
import type { Outputs, WorkflowTaskResult } from './model.js';

export interface PodAssessment {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';
  message?: string;
  outputs?: Outputs;
  /** main is running and the template is a daemon. */
  daemoned?: boolean;
}

/** What the executor reported: outputs (undefined while not reported yet), or why they cannot be used. */
export interface Reported { outputs?: Outputs; invalid?: string }

/**
 * Outputs reported by the executor (a WorkflowTaskResult, or the pod's annotation). A step can write
 * either itself (its token may patch its own pod), so they are checked against the Outputs schema:
 * anything else errors the node instead of reaching the operator (Argo errors the node on an outputs
 * annotation it cannot decode). Fields the schema does not know are tolerated, as Go's decoder does.
 */
export function readReported(pod: V1Pod, taskResult?: WorkflowTaskResult): Reported {
  if (taskResult && taskResult.metadata.labels?.[Labels.reportOutputsCompleted] === 'true') {
    return checked(taskResult.outputs ?? {}, `WorkflowTaskResult ${taskResult.metadata.name ?? ''}`.trim());
  }
  const raw = pod.metadata?.annotations?.[Annotations.outputs];
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return { invalid: `invalid outputs reported in annotation ${Annotations.outputs}: not JSON: ${(e as Error).message}` };
  }
  return checked(parsed, `annotation ${Annotations.outputs}`);
}

function checked(value: unknown, where: string): Reported {
  const r = OutputsSchema.safeParse(value);
  if (r.success) return { outputs: r.data };
  const issue = r.error.issues.find((i) => i.code !== 'unrecognized_keys');
  if (!issue) return { outputs: value as Outputs };
  return { invalid: `invalid outputs reported in ${where}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

/** Outputs reported by the executor, or undefined while not reported yet (or unusable: see readReported). */
export function readOutputs(pod: V1Pod, taskResult?: WorkflowTaskResult): Outputs | undefined {
  return readReported(pod, taskResult).outputs;
}

function status(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((c) => c.name === name);
}

/**
 * The containers the node's phase comes from: those the pod builder gave an
 * ARGO_CONTAINER_NAME, wait and sidecars (ARGO_SIDECAR) excluded; `main` for a
 * pod that says nothing.
 */
export function userContainers(pod: V1Pod): string[] {
  const names = (pod.spec?.containers ?? [])
    .filter((c) => c.name !== Containers.wait && (c.env ?? []).some((e) => e.name === Env.containerName) && !(c.env ?? []).some((e) => e.name === Env.sidecar))
    .map((c) => c.name);
  return names.length ? names : [Containers.main];
}

/**
 * One status standing for all user containers: the first failed one once all
 * have terminated (else `main`'s, else the last), a running one while any runs.
 */
function combinedStatus(pod: V1Pod, names: string[]): V1ContainerStatus | undefined {
  if (names.length === 1) return status(pod, names[0]!);
  const all = names.map((n) => status(pod, n));
  if (all.every((c) => c?.state?.terminated)) {
    const done = all as V1ContainerStatus[];
    return done.find((c) => c.state!.terminated!.exitCode !== 0) ?? done.find((c) => c.name === Containers.main) ?? done[done.length - 1];
  }
  const pending = all.filter((c) => !c?.state?.terminated);
  return pending.find((c) => c?.state?.running) ?? pending.find((c) => c?.state?.waiting?.reason) ?? pending.find((c) => c !== undefined);
}

function failedInit(pod: V1Pod): V1ContainerStatus | undefined {
  return pod.status?.initContainerStatuses?.find((c) => (c.state?.terminated?.exitCode ?? 0) !== 0);
}

function exitMessage(c: V1ContainerStatus): string {
  const t = c.state!.terminated!;
  if (t.reason === 'OOMKilled') return `OOMKilled (exit code ${t.exitCode})`;
  return `Error (exit code ${t.exitCode})${t.message?.trim() ? `: ${t.message.trim()}` : ''}`;
}

/** Node phase from a pod; a finished main is complete once wait has exited (or, without wait, once outputs are reported). */
export function assessPod(pod: V1Pod, reported: Outputs | undefined, daemon: boolean, names: string[] = userContainers(pod)): PodAssessment {
  const podPhase = pod.status?.phase ?? 'Pending';
  const init = failedInit(pod);
  if (init) {
    const t = init.state!.terminated!;
    // Argo's words: whatever made init fail, the node could not load its artifacts.
    const said = (t.message ?? '').trim();
    return { phase: 'Error', message: said ? `failed to load artifacts: ${said}` : 'failed to load artifacts' };
  }
  const main = combinedStatus(pod, names);
  const wait = status(pod, Containers.wait);
  const mainDone = main?.state?.terminated;
  const waitDone = wait?.state?.terminated;
  if (waitDone && waitDone.exitCode !== 0 && !(mainDone && mainDone.exitCode !== 0)) {
    // Argo's words; a wait that died without a word (killed, or refused by the API) gets its hint.
    const said = (waitDone.message ?? '').trim()
      || `verify serviceaccount ${pod.metadata?.namespace ?? 'default'}:${pod.spec?.serviceAccountName ?? 'default'} has necessary privileges`;
    return { phase: 'Error', message: `failed to save outputs: ${said}`, outputs: reported };
  }
  if (mainDone) {
    // Reported outputs alone do not finish the node: wait reports before it exits and may still fail
    // (e.g. a missing output artifact), so its exit decides. Executor-only pods have no wait container.
    const hasWait = wait !== undefined || (pod.spec?.containers ?? []).some((c) => c.name === Containers.wait);
    const finished = (hasWait ? waitDone !== undefined : reported !== undefined) || podPhase === 'Succeeded' || podPhase === 'Failed';
    if (!finished) return { phase: 'Running' };
    const outputs: Outputs = { ...(reported ?? {}), exitCode: String(mainDone.exitCode) };
    if (mainDone.exitCode === 0) return { phase: 'Succeeded', outputs };
    const who = names.length > 1 ? `container ${main!.name}: ` : '';
    return { phase: 'Failed', message: `${who}${exitMessage(main!)}`, outputs };
  }
  if (podPhase === 'Failed') {
    return { phase: 'Error', message: pod.status?.message ?? pod.status?.reason ?? 'pod failed' };
  }
  if (podPhase === 'Succeeded') return { phase: 'Succeeded', outputs: reported ?? {} };
  if (podPhase === 'Running' && main?.state?.running) {
    return daemon && main.ready !== false ? { phase: 'Running', daemoned: true } : { phase: 'Running' };
  }
  const waiting = main?.state?.waiting;
  if (waiting?.reason && /ErrImagePull|ImagePullBackOff|CreateContainerConfigError|InvalidImageName/.test(waiting.reason)) {
    return { phase: 'Pending', message: `${waiting.reason}: ${waiting.message ?? ''}`.trim() };
  }
  return { phase: podPhase === 'Running' ? 'Running' : 'Pending' };
}
