import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { asLocalError, loadLocalModule, localFunction } from '../kube/local.js';

interface VerbOptions {
  builder?: CommandModule<any, any>['builder'];
  /** The options object the local module's function gets, from the parsed flags. */
  options?: (args: any) => Record<string, unknown>;
}

function verb(name: 'start' | 'stop' | 'status' | 'reset', describe: string, fn: string, extra: VerbOptions = {}): CommandModule<any, any> {
  return {
    command: name,
    describe,
    ...(extra.builder ? { builder: extra.builder } : {}),
    handler: async (args: any) => {
      const ctx = makeCtx(args);
      const mod = await loadLocalModule();
      let result: unknown;
      try {
        result = await localFunction<(opts?: Record<string, unknown>) => Promise<unknown>>(mod, fn)(extra.options?.(args));
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
    .command(verb('start', 'start the local cluster in the background', 'localStart', {
      builder: (y: any) => y.option('validation', {
        choices: ['strict', 'off'], default: 'strict',
        describe: 'strict: the API server refuses what Kubernetes refuses (422 Invalid); off: only names, labels and Argo schemas are checked',
      }),
      options: (args) => ({ validation: args.validation }),
    }))
    .command(verb('stop', 'stop the local cluster', 'localStop'))
    .command(verb('status', 'show whether the local cluster runs, and where', 'localStatus'))
    .command(verb('reset', 'stop the local cluster and delete its state', 'localReset'))
    .demandCommand(1, 'local: a subcommand is required (start, stop, status, reset)'),
  handler: () => undefined,
};
