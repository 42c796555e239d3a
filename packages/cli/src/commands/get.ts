import type { CommandModule } from 'yargs';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { checkOutput, printMachine } from '../cli/output.js';
import { renderWorkflow } from '../format/workflow.js';
import { hostToolsNotes } from '../workflow/image-notes.js';
import { getWorkflow } from '../workflow/lookup.js';
import { nodeFilter, type ViewArgs } from './view-options.js';

interface Args extends GlobalArgs, ViewArgs {
  workflow: string[];
  output?: string;
}

export const command: CommandModule<any, any> = {
  command: 'get <workflow..>',
  describe: 'display details about a workflow',
  builder: (y) => y
    .positional('workflow', { type: 'string', array: true, describe: 'Workflow name(s), or @latest' })
    .option('output', { alias: 'o', type: 'string', describe: 'Output format. One of: name|json|yaml|short|wide' })
    .option('status', { type: 'string', describe: 'Filter nodes by status (Pending, Running, Succeeded, Skipped, Failed, Error)' })
    .option('node-field-selector', { type: 'string', describe: 'Selector of nodes to display, e.g. phase=Running' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    checkOutput(args.output, ['name', 'json', 'yaml', 'short', 'wide']);
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const filter = nodeFilter(args);
    for (const [i, name] of args.workflow.entries()) {
      const wf = await getWorkflow(api, ns(args, api), name);
      if (await printMachine(ctx.io, [wf], args.output, true)) continue;
      if (i > 0) ctx.io.out('');
      const lines = renderWorkflow(wf, { style: ctx.style, now: ctx.io.now(), wide: args.output === 'wide', short: args.output === 'short', nodeFilter: filter });
      ctx.io.out(lines.join('\n'));
      const notes = await hostToolsNotes(api, wf);
      if (notes.length) ctx.io.out(['', ...notes].join('\n'));
    }
  },
};
