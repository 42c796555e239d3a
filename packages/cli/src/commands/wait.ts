import type { CommandModule } from 'yargs';
import { exitFor } from '../cli/after-submit.js';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { CliError } from '../errors.js';
import type { Workflow } from '../types.js';
import { followWorkflow, waitLine } from '../workflow/follow.js';

export const command: CommandModule<any, any> = {
  command: 'wait <workflow..>',
  describe: 'waits for workflows to complete',
  builder: (y) => y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('ignore-not-found', { type: 'boolean', describe: 'Ignore the wait if the workflow is not found' }),
  handler: async (raw: any) => {
    const args = raw as GlobalArgs & { workflow: string[]; 'ignore-not-found'?: boolean };
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const namespace = ns(args, api);
    const results = await Promise.all(args.workflow.map(async (name) => {
      try {
        const wf = await followWorkflow(api, namespace, name, () => undefined);
        ctx.io.out(waitLine(wf));
        return wf;
      } catch (err) {
        if (args['ignore-not-found'] && err instanceof CliError && err.code === 'not-found') return undefined;
        throw err;
      }
    }));
    exitFor(results.filter((w): w is Workflow => !!w));
  },
};
