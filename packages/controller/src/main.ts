/**
 * `workflow-controller`: runs the controller until SIGTERM/SIGINT, with
 * Argo's flags (kube/flags.ts). Without --kubeconfig it uses the in-cluster
 * service account when running in a pod, else $KUBECONFIG or ~/.kube/config.
 */
import { startController } from './kube/index.js';
import { FlagError, USAGE, parseFlags } from './kube/flags.js';

function fail(msg: string, code: number): never {
  process.stderr.write(`workflow-controller: ${msg}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseFlags(process.argv.slice(2));
  } catch (e) {
    fail(e instanceof FlagError ? `${e.message}\n${USAGE}` : (e as Error).message, 2);
  }
  if (opts === 'help') { process.stdout.write(`${USAGE}\n`); return; }
  const ctl = new AbortController();
  let controller;
  try {
    controller = await startController({ ...opts, signal: ctl.signal, onLostLeadership: () => process.exit(1) });
  } catch (e) {
    fail((e as Error).message, 1);
  }
  process.stderr.write(`workflow-controller: started${controller.metricsPort ? ` (metrics on :${controller.metricsPort})` : ''}\n`);
  const shutdown = (sig: string): void => {
    process.stderr.write(`workflow-controller: ${sig}, draining\n`);
    void controller.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

await main();
