/**
 * The pure pod builder (docs/contract.md): from a resolved template to the
 * V1Pod the controller creates. init and wait run the executor; main runs the
 * user's command through the emissary; user volumes are mirrored into wait
 * under /mainctrfs so it can read output files.
 */
import type { V1Container, V1EnvVar, V1Pod, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import {
  API_VERSION, Annotations, Containers, EXECUTOR_BINARY, Env, Labels, Paths, Volumes,
} from '@argo-ts/spec';
import type { Container, Template, WorkflowSpec } from '../operator/model.js';
import type { ImageConfig } from '../operator/types.js';
import { hasLocation } from '../operator/params.js';
import { applyPodSpecPatch } from './patch.js';

export type PodBuildErrorCode = 'UnknownImageEntrypoint' | 'InvalidContainerSet';

/** A template the builder cannot turn into a pod; permanent (the node is an Error). */
export class PodBuildError extends Error {
  readonly permanent = true;
  constructor(readonly code: PodBuildErrorCode, message: string) {
    super(message);
    this.name = 'PodBuildError';
  }
}

export interface PodBuildInput {
  workflow: { name: string; namespace: string; uid: string; labels?: Record<string, string> };
  nodeId: string;
  nodeName: string;
  podName: string;
  /** The resolved template: parameters substituted, artifacts concrete, archiveLocation set. */
  tmpl: Template;
  spec: WorkflowSpec;
  executorImage: string;
  outputsReporter: 'annotation' | 'taskresult';
  instanceId?: string;
  /** RFC 3339 time after which the executor stops the main container. */
  deadline?: string;
  retryAttempt?: number;
  /** Whether something reads outputs.result (the executor captures stdout only then). */
  includeScriptOutput: boolean;
  /** ENTRYPOINT/CMD of images, for containers without `command` (Argo's `images` setting). */
  images?: Record<string, ImageConfig>;
  /** The registry's error for images whose lookup failed. */
  imageLookupErrors?: Record<string, string>;
}

/** ARGO_TEMPLATE text, serialised once per pod (not once per container). */
const templateJson = new WeakMap<PodBuildInput, string>();

function baseEnv(input: PodBuildInput, container: string): V1EnvVar[] {
  let tmplText = templateJson.get(input);
  if (tmplText === undefined) templateJson.set(input, (tmplText = JSON.stringify(input.tmpl)));
  const env: V1EnvVar[] = [
    { name: Env.podName, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: Env.podUid, valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
    { name: Env.namespace, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: Env.nodeId, value: input.nodeId },
    { name: Env.workflowName, value: input.workflow.name },
    { name: Env.workflowUid, value: input.workflow.uid },
    { name: Env.containerName, value: container },
    { name: Env.template, value: tmplText },
    { name: Env.includeScriptOutput, value: String(input.includeScriptOutput) },
    { name: Env.deadline, value: input.deadline ?? '0001-01-01T00:00:00Z' },
    { name: Env.outputsReporter, value: input.outputsReporter },
  ];
  if (input.retryAttempt !== undefined) env.push({ name: Env.retryAttempt, value: String(input.retryAttempt) });
  return env;
}

const varRunArgo: V1VolumeMount = { name: Volumes.varRunArgo.name, mountPath: Volumes.varRunArgo.mountPath };
const staging: V1VolumeMount = { name: Volumes.staging.name, mountPath: Volumes.staging.mountPath };

/** The image without its tag or digest (`reg:5000/a/b:v1` → `reg:5000/a/b`), as image indexes key repositories. */
export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function lookupImage(input: PodBuildInput, image: string | undefined): ImageConfig | undefined {
  if (!image || !input.images) return undefined;
  return input.images[image] ?? input.images[imageRepository(image)];
}

/**
 * What main runs after the emissary. Without `command` the image's ENTRYPOINT
 * runs with the template's args or else the image's CMD, as a container
 * runtime would; the emissary cannot read image configs, so the entrypoint
 * must come from the `images` index. A script with source runs its file.
 */
function mainArgv(input: PodBuildInput, user: Container, script: boolean): string[] {
  const args = user.args?.length ? user.args : undefined;
  if (user.command?.length) return [...user.command, ...(script ? [Paths.scriptFile] : []), ...(args ?? [])];
  const entry = lookupImage(input, user.image);
  if (entry) return [...(entry.entrypoint ?? (script ? ['sh'] : [])), ...(script ? [Paths.scriptFile] : []), ...(args ?? entry.cmd ?? [])];
  if (script) return ['sh', Paths.scriptFile, ...(args ?? [])];
  const lookupError = user.image ? input.imageLookupErrors?.[user.image] : undefined;
  if (lookupError) {
    throw new PodBuildError(
      'UnknownImageEntrypoint',
      `failed to look-up entrypoint/cmd for image "${user.image}", you must either explicitly specify the command, or list the image's command in the index: ${EMISSARY_DOCS}: ${lookupError}`,
    );
  }
  // The registry could not be reached (offline): run args as the command, which host tools understand.
  if (args) return args;
  throw new PodBuildError(
    'UnknownImageEntrypoint',
    `failed to look-up entrypoint/cmd for image "${user.image ?? ''}", you must either explicitly specify the command, or list the image's command in the index`,
  );
}

const EMISSARY_DOCS = 'https://argo-workflows.readthedocs.io/en/latest/workflow-executors/#emissary-emissary';

/** How a user container differs from a lone `main`: its name, mounts every container shares, extra env. */
export interface UserContainerOpts {
  name: string;
  sharedMounts?: V1VolumeMount[];
  extraEnv?: V1EnvVar[];
}

/** A user container wrapped by the emissary (main, or one container of a containerSet). */
export function userContainer(input: PodBuildInput, user: Container, isScript: boolean, opts: UserContainerOpts = { name: Containers.main }): V1Container {
  const { source: _source, dependencies: _deps, ...rest } = user as Container & { source?: string; dependencies?: string[] };
  const cmd = mainArgv(input, user, isScript);
  const mounts: V1VolumeMount[] = [varRunArgo, ...(opts.sharedMounts ?? []), ...((user.volumeMounts ?? []) as V1VolumeMount[])];
  if (isScript) mounts.push(staging);
  for (const a of input.tmpl.inputs?.artifacts ?? []) {
    // An optional input nobody supplied is not mounted (Argo skips it): the path stays absent in the container.
    if (a.optional && !hasLocation(a)) continue;
    if (a.path) mounts.push({ name: Volumes.inputArtifacts.name, mountPath: a.path, subPath: a.name });
  }
  const env = [...((user.env ?? []) as unknown as V1EnvVar[]), ...baseEnv(input, opts.name), ...(opts.extraEnv ?? [])];
  const c = { ...(rest as V1Container), name: opts.name, command: ['/bin/sh', Paths.emissary, '--', ...cmd], env, volumeMounts: mounts };
  delete c.args;
  return c;
}

/**
 * A sidecar runs under the emissary as Argo's do, so that the wait container
 * can stop it once the user containers are done (nothing else does on a
 * node, and the pod would never complete). It needs the entrypoint like main.
 */
export function sidecarContainer(input: PodBuildInput, sidecar: V1Container): V1Container {
  const cmd = mainArgv(input, sidecar as Container, false);
  const env: V1EnvVar[] = [
    ...(sidecar.env ?? []),
    { name: Env.containerName, value: sidecar.name },
    { name: Env.sidecar, value: 'true' },
  ];
  const c: V1Container = {
    ...sidecar, command: ['/bin/sh', Paths.emissary, '--', ...cmd], env, volumeMounts: [varRunArgo, ...(sidecar.volumeMounts ?? [])],
  };
  delete c.args;
  return c;
}

export function executorContainer(input: PodBuildInput, name: string, userMounts: V1VolumeMount[]): V1Container {
  const mounts: V1VolumeMount[] = [varRunArgo];
  if (name === Containers.init) {
    mounts.push(staging, { name: Volumes.inputArtifacts.name, mountPath: Volumes.inputArtifacts.mountPath });
  } else {
    for (const m of userMounts) mounts.push({ ...m, mountPath: `${Volumes.mainCtrFs.mountPath}${m.mountPath}` });
  }
  return {
    name,
    image: input.executorImage,
    command: [EXECUTOR_BINARY, name],
    env: baseEnv(input, name),
    volumeMounts: mounts,
  };
}

function volumes(input: PodBuildInput, containers: V1Container[]): V1Volume[] {
  const out: V1Volume[] = [
    { name: Volumes.varRunArgo.name, emptyDir: {} },
    { name: Volumes.staging.name, emptyDir: {} },
    { name: Volumes.inputArtifacts.name, emptyDir: {} },
  ];
  const used = new Set(containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
  const have = new Set(out.map((v) => v.name));
  const candidates = [...((input.tmpl.volumes ?? []) as unknown as V1Volume[]), ...((input.spec.volumes ?? []) as unknown as V1Volume[])];
  for (const vct of input.spec.volumeClaimTemplates ?? []) {
    const name = (vct as { metadata?: { name?: string } }).metadata?.name;
    if (name) candidates.push({ name, persistentVolumeClaim: { claimName: `${input.workflow.name}-${name}` } });
  }
  for (const v of candidates) {
    if (have.has(v.name) || !used.has(v.name)) continue;
    have.add(v.name);
    out.push(v);
  }
  return out;
}

/**
 * UserContainer.mirrorVolumeMounts (sidecars, init containers): Argo mounts the
 * main container's volumes into them at the same paths. The field itself is
 * Argo's, not Kubernetes', so it never reaches the pod.
 */
export function mirrorMounts(c: V1Container, mainMounts: V1VolumeMount[]): V1Container {
  const { mirrorVolumeMounts, ...rest } = c as V1Container & { mirrorVolumeMounts?: boolean };
  if (!mirrorVolumeMounts) return rest;
  const own = rest.volumeMounts ?? [];
  return { ...rest, volumeMounts: [...own, ...mainMounts.filter((m) => !own.some((o) => o.mountPath === m.mountPath))] };
}

/** Builds the pod for a container or script template. */
export function buildPod(input: PodBuildInput): V1Pod {
  const { tmpl } = input;
  // A script without source runs only its args, like a container (Argo appends no script path then).
  const isScript = !!tmpl.script && typeof tmpl.script.source === 'string' && tmpl.script.source !== '';
  const user = (tmpl.script ?? tmpl.container) as Container;
  const main = userContainer(input, user, isScript);
  const userMounts = (user.volumeMounts ?? []) as V1VolumeMount[];
  const sidecars = ((tmpl.sidecars ?? []) as V1Container[]).map((s) => sidecarContainer(input, mirrorMounts(s, userMounts)));
  const initContainers = [executorContainer(input, Containers.init, []), ...((tmpl.initContainers ?? []) as V1Container[]).map((c) => mirrorMounts(c, userMounts))];
  const containers = [executorContainer(input, Containers.wait, userMounts), main, ...sidecars];
  return assemble(input, initContainers, containers);
}

/**
 * Resource and data templates: one `main` container running the executor
 * (`argoexec resource <action>` / `argoexec data`), which does the work and
 * reports the outputs itself; no init, no wait.
 */
export function buildExecutorPod(input: PodBuildInput, args: string[]): V1Pod {
  const main: V1Container = {
    name: Containers.main, image: input.executorImage, command: [EXECUTOR_BINARY, ...args],
    env: baseEnv(input, Containers.main), volumeMounts: [varRunArgo],
  };
  return assemble(input, [], [main]);
}

/** Metadata, pod-level settings and podSpecPatch around the given containers. */
export function assemble(input: PodBuildInput, initContainers: V1Container[], containers: V1Container[]): V1Pod {
  const { tmpl, spec } = input;
  const labels: Record<string, string> = {
    ...(spec.podMetadata?.labels ?? {}),
    ...(tmpl.metadata?.labels ?? {}),
    [Labels.workflow]: input.workflow.name,
    [Labels.completed]: 'false',
  };
  if (input.instanceId) labels[Labels.controllerInstanceId] = input.instanceId;
  const annotations: Record<string, string> = {
    ...(spec.podMetadata?.annotations ?? {}),
    ...(tmpl.metadata?.annotations ?? {}),
    [Annotations.nodeId]: input.nodeId,
    [Annotations.nodeName]: input.nodeName,
  };
  const pick = <T>(a: T | undefined, b: T | undefined): T | undefined => a ?? b;
  const podSpec: V1Pod['spec'] = {
    restartPolicy: 'Never',
    ...(initContainers.length ? { initContainers } : {}),
    containers,
    volumes: volumes(input, [...initContainers, ...containers]),
  };
  const optional: Record<string, unknown> = {
    serviceAccountName: pick(tmpl.serviceAccountName, spec.serviceAccountName),
    nodeSelector: pick(tmpl.nodeSelector, spec.nodeSelector),
    tolerations: pick(tmpl.tolerations, spec.tolerations),
    affinity: pick(tmpl.affinity, spec.affinity),
    securityContext: pick(tmpl.securityContext, spec.securityContext),
    priorityClassName: pick(tmpl.priorityClassName, spec.podPriorityClassName),
    schedulerName: pick(tmpl.schedulerName, spec.schedulerName),
    automountServiceAccountToken: pick(tmpl.automountServiceAccountToken, spec.automountServiceAccountToken),
    imagePullSecrets: spec.imagePullSecrets,
    hostNetwork: spec.hostNetwork,
    dnsPolicy: spec.dnsPolicy,
    dnsConfig: spec.dnsConfig,
    // As Argo: the workflow's host aliases, then the template's.
    hostAliases: spec.hostAliases || tmpl.hostAliases ? [...(spec.hostAliases ?? []), ...(tmpl.hostAliases ?? [])] : undefined,
    resourceClaims: pick(tmpl.resourceClaims, spec.resourceClaims),
    // Pod-level requests and limits (Kubernetes' PodLevelResources); the template's replace the workflow's.
    resources: pick(tmpl.podResources, spec.podResources),
    activeDeadlineSeconds: tmpl.activeDeadlineSeconds !== undefined ? Number(tmpl.activeDeadlineSeconds) : undefined,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (podSpec as unknown as Record<string, unknown>)[k] = v;
  let pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.podName,
      namespace: input.workflow.namespace,
      labels,
      annotations,
      ownerReferences: [{
        apiVersion: API_VERSION, kind: 'Workflow', name: input.workflow.name, uid: input.workflow.uid,
        controller: true, blockOwnerDeletion: true,
      }],
    },
    spec: podSpec,
  };
  for (const patch of [spec.podSpecPatch, tmpl.podSpecPatch]) {
    if (patch) pod = applyPodSpecPatch(pod, patch);
  }
  const grace = pod.spec?.terminationGracePeriodSeconds;
  if (grace !== undefined) {
    // A sidecar's emissary gives its command this long after SIGTERM, as the kubelet would.
    for (const c of pod.spec!.containers) {
      if (c.env?.some((e) => e.name === Env.sidecar)) c.env.push({ name: Env.terminationGracePeriodSeconds, value: String(grace) });
    }
  }
  return pod;
}
