/**
 * containerSet templates: one pod, one emissary-wrapped container per entry.
 * Kubernetes starts all containers at once, so `dependencies` are honoured by
 * the emissary itself: it waits for each dependency's exit code file before
 * running its command (and does not run it when one failed). The wait
 * container waits for every container and takes outputs from `main`.
 */
import type { V1Container, V1EnvVar, V1Pod, V1VolumeMount } from '@kubernetes/client-node';
import { Containers, Env } from '@argo-ts/spec';
import type { Container, Template } from '../operator/model.js';
import { durationSeconds } from '@argo-ts/lang';
import { PodBuildError, assemble, executorContainer, mirrorMounts, sidecarContainer, userContainer, type PodBuildInput } from './build.js';

/** Env var of a containerSet container: its dependencies, comma-separated (the emissary reads it). */
export const DEPENDENCIES_ENV = Env.dependencies;

/** One container of a containerSet, as the spec gives it. */
export type ContainerSetEntry = Container & { name: string; dependencies?: string[] };

/** Container names become directory names under /var/run/argo/ctr and a comma-separated list: DNS labels only. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RESERVED: ReadonlySet<string> = new Set([Containers.init, Containers.wait]);

/** The containers of a containerSet, checked: unique DNS-label names, known dependencies, no cycle. */
export function containerSetEntries(containers: readonly ContainerSetEntry[], where = 'containerSet.containers'): ContainerSetEntry[] {
  if (!containers.length) throw new PodBuildError('InvalidContainerSet', `${where}: expected at least one container`);
  const names = new Set<string>();
  containers.forEach((c, i) => {
    if (!DNS_LABEL.test(c.name ?? '')) throw new PodBuildError('InvalidContainerSet', `${where}[${i}].name: expected a DNS label, got '${c.name ?? ''}'`);
    if (RESERVED.has(c.name)) throw new PodBuildError('InvalidContainerSet', `${where}[${i}].name: '${c.name}' is reserved for the executor`);
    if (names.has(c.name)) throw new PodBuildError('InvalidContainerSet', `${where}[${i}].name: duplicate container '${c.name}'`);
    names.add(c.name);
  });
  containers.forEach((c, i) => {
    for (const d of c.dependencies ?? []) {
      if (!names.has(d)) throw new PodBuildError('InvalidContainerSet', `${where}[${i}].dependencies: unknown container '${d}'`);
    }
  });
  const deps = new Map(containers.map((c) => [c.name, c.dependencies ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string, path: string[]): void => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'visiting') throw new PodBuildError('InvalidContainerSet', `${where}: dependency cycle ${[...path, n].join(' -> ')}`);
    state.set(n, 'visiting');
    for (const d of deps.get(n) ?? []) visit(d, [...path, n]);
    state.set(n, 'done');
  };
  for (const c of containers) visit(c.name, []);
  return [...containers];
}

type SetRetry = NonNullable<Template['containerSet']>['retryStrategy'];

/**
 * containerSet.retryStrategy as the emissary's env: it re-runs a failed
 * command inside the same container (no new pod), `retries` times,
 * `duration` apart. Checked here so a bad value errors the node, not the pod.
 */
export function containerRetryEnv(rs: SetRetry, where = 'containerSet.retryStrategy'): V1EnvVar[] {
  if (!rs) return [];
  const retries = String(rs.retries ?? '').trim();
  if (!/^\d+$/.test(retries)) throw new PodBuildError('InvalidContainerSet', `${where}.retries: expected a non-negative integer, got '${retries}'`);
  const env: V1EnvVar[] = [{ name: Env.containerRetries, value: String(Number(retries)) }];
  if (rs.duration !== undefined && rs.duration !== '') {
    const sec = durationSeconds(rs.duration);
    if (sec === undefined) throw new PodBuildError('InvalidContainerSet', `${where}.duration: expected a duration such as 300ms, 1s or 5m, got '${rs.duration}'`);
    env.push({ name: Env.containerRetryDelay, value: String(Math.round(sec * 1000) / 1000) });
  }
  return env;
}

/** Builds the pod for a containerSet template. */
export function buildContainerSetPod(input: PodBuildInput): V1Pod {
  const set = input.tmpl.containerSet as { containers?: ContainerSetEntry[]; volumeMounts?: V1VolumeMount[]; retryStrategy?: SetRetry } | undefined;
  const entries = containerSetEntries(set?.containers ?? []);
  const shared = set?.volumeMounts ?? [];
  const retryEnv = containerRetryEnv(set?.retryStrategy);
  const users: V1Container[] = entries.map((c) => userContainer(input, c, false, {
    name: c.name,
    sharedMounts: shared,
    extraEnv: [...(c.dependencies?.length ? [{ name: DEPENDENCIES_ENV, value: c.dependencies.join(',') }] : []), ...retryEnv],
  }));
  // The containers' own mounts (shared) are what sidecars and init containers mirror here.
  const initContainers = [executorContainer(input, Containers.init, []), ...((input.tmpl.initContainers ?? []) as V1Container[]).map((c) => mirrorMounts(c, shared))];
  const sidecars = ((input.tmpl.sidecars ?? []) as V1Container[]).map((s) => sidecarContainer(input, mirrorMounts(s, shared)));
  return assemble(input, initContainers, [executorContainer(input, Containers.wait, shared), ...users, ...sidecars]);
}
