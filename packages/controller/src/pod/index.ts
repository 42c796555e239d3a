/** The pure pod builder: resolved template → V1Pod (docs/contract.md). */
export { buildExecutorPod, buildPod, type PodBuildInput } from './build.js';
export { applyPodSpecPatch } from './patch.js';
