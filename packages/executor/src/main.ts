/**
 * The `argoexec` binary: the same commands as runInProcess, with identity
 * paths (we are inside the container), the pod's service account
 * (in-cluster config, or KUBECONFIG outside a cluster) and SIGTERM as the
 * pod-deletion signal. The failure message goes to the termination log.
 */
import { writeFile } from 'node:fs/promises';
import { podKubeConfig, type KubeConfigLike } from '@argo-ts/spec/kube';
import { runInProcess } from './run.js';

// Read on first use (not every command talks to the API server); a missing or bad
// kubeconfig then fails that command with the reason, as its message.
let access: KubeConfigLike | undefined;
const load = (): KubeConfigLike => (access ??= podKubeConfig());
const kubeConfig: KubeConfigLike = {
  getCurrentCluster: () => load().getCurrentCluster(),
  applyToHTTPSOptions: (o) => load().applyToHTTPSOptions(o),
};
const abort = new AbortController();
process.once('SIGTERM', () => abort.abort());
process.once('SIGINT', () => abort.abort());

const result = await runInProcess({
  args: process.argv.slice(2),
  env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
  resolvePath: (p) => p,
  kubeConfig,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: abort.signal,
});
if (result.message) await writeFile(process.env.ARGO_TERMINATION_LOG ?? '/dev/termination-log', result.message).catch(() => undefined);
// Exit now, as a container's process does once its work is done: a watch or
// keep-alive socket still open (the wait container's watch on its own pod)
// must not keep the container running after it has reported.
process.exit(result.exitCode);
