/** The local cluster daemon: in-process start, and the lifecycle the CLI's `argo local` uses. */
export { startLocalCluster, type LocalCluster, type LocalClusterOptions } from './cluster.js';
export { localStart, localStop, localStatus, localReset, localUiLogin, ensureLocalCluster, LocalClusterError, type LocalStatus, type LocalStartOptions, type LocalErrorCode } from './lifecycle.js';
export { defaultStateDir, daemonFiles, type DaemonInfo } from './paths.js';
export { artifactRepository, BOOTSTRAP_NAMESPACES } from './bootstrap.js';
