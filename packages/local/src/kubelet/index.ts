/** The local kubelet: runs pods as bubblewrap-sandboxed processes and serves their logs. */
export { Kubelet, type KubeletOptions } from './kubelet.js';
export { LogRegistry, containerLogPath } from './logs.js';
export type { KubeletApi } from './api.js';
export type { InProcessExecutor } from './runtime.js';
export type { LocalExecutorContext } from './containers.js';
export { LOCAL_NODE_NAME, localNodeLabels } from './scheduling.js';
export { memoryMechanism, type MemoryMechanism } from '../sandbox/memory.js';
