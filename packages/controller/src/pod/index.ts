/** The pure pod builder: resolved template → V1Pod (docs/contract.md). */
export { PodBuildError, buildExecutorPod, buildPod, imageRepository, type PodBuildErrorCode, type PodBuildInput } from './build.js';
export { applyPodSpecPatch } from './patch.js';
export { DEPENDENCIES_ENV, buildContainerSetPod, containerSetEntries, type ContainerSetEntry } from './container-set.js';
