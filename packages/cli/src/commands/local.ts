import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { asLocalError, loadLocalModule, localFunction } from '../kube/local.js';

/** `argo local start` settings; they apply when this start launches the daemon. */
const START_OPTIONS = {
  executor: { choices: ['process', 'in-process'], describe: 'how argoexec runs: the real binary as a sandboxed process of the pod (as on a node), or inside the kubelet (fast)' },
  controller: { choices: ['process', 'in-process'], describe: 'run the workflow controller as its own supervised process (as a Deployment does), or inside the daemon' },
  validation: { choices: ['strict', 'off'], describe: 'API validation of core kinds' },
} as const;

function verb(name: 'start' | 'stop' | 'status' | 'reset', describe: string, fn: string): CommandModule<any, any> {
  return {
    command: name,
    describe,
    ...(name === 'start' ? { builder: (y: any) => y.options(START_OPTIONS) } : {}),
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      const mod = await loadLocalModule();
      let result: unknown;
      try {
        const opts = name === 'start' ? { executor: args.executor, controllerMode: args.controller, validation: args.validation } : undefined;
        result = await localFunction<(o?: unknown) => Promise<unknown>>(mod, fn)(opts);
      } catch (err) {
        throw asLocalError(err, `local ${name}`);
      }
      ctx.io.out(describeResult(name, result));
    },
  };
}

/** Prints what the local cluster reported; objects as `key: value` lines. */
export function describeResult(verbName: string, result: unknown): string {
  if (verbName === 'stop') return (result as { wasRunning?: boolean })?.wasRunning ? 'local cluster stopped' : 'local cluster was not running';
  if (verbName === 'reset') return 'local cluster stopped and its state deleted';
  if (verbName === 'status' && (result as { running?: boolean })?.running === false) return `local cluster not running (state: ${(result as { stateDir?: string }).stateDir ?? '?'})`;
  if (result === undefined || result === null) return `local cluster: ${verbName} done`;
  if (typeof result === 'string') return result;
  return Object.entries(result as Record<string, unknown>)
    .filter(([, v]) => typeof v !== 'function')
    .map(([k, v]) => `${`${k}:`.padEnd(16)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');
}

export const command: CommandModule<any, any> = {
  command: 'local',
  describe: 'manage the embedded local cluster',
  builder: (y) => y
    .command(verb('start', 'start the local cluster in the background', 'localStart'))
    .command(verb('stop', 'stop the local cluster', 'localStop'))
    .command(verb('status', 'show whether the local cluster runs, and where', 'localStatus'))
    .command(verb('reset', 'stop the local cluster and delete its state', 'localReset'))
    .demandCommand(1, 'local: a subcommand is required (start, stop, status, reset)'),
  handler: () => undefined,
};
