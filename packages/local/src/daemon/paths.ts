/** Where the local cluster keeps its state, and the files the daemon writes there: defined once in @argo-ts/spec/local (the CLI reads them too). */
export { daemonFiles, defaultStateDir, type DaemonInfo } from '@argo-ts/spec/local';
