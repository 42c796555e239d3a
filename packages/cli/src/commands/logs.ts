import type { CommandModule } from 'yargs';
import { makeCtx, ns, type GlobalArgs } from '../cli/context.js';
import { CliError } from '../errors.js';
import { parseDuration } from '../format/time.js';

interface Args extends GlobalArgs {
  workflow: string;
  pod?: string;
  container: string;
  follow?: boolean;
  since?: string;
  'since-time'?: string;
  tail?: number;
  timestamps?: boolean;
  grep?: string;
  selector?: string;
  previous?: boolean;
}

export const command: CommandModule<any, any> = {
  command: 'logs <workflow> [pod]',
  describe: 'view logs of a pod or workflow',
  builder: (y) => y
    .positional('workflow', { type: 'string', describe: 'Workflow name, or @latest' })
    .positional('pod', { type: 'string', describe: 'Only this pod of the workflow' })
    .option('container', { alias: 'c', type: 'string', default: 'main', describe: 'Print the logs of this container' })
    .option('follow', { alias: 'f', type: 'boolean', describe: 'Stream the logs, including pods that start later, until the workflow completes' })
    .option('since', { type: 'string', describe: 'Only return logs newer than a relative duration like 5s, 2m, or 3h' })
    .option('since-time', { type: 'string', describe: 'Only return logs after a specific date (RFC3339)' })
    .option('tail', { type: 'number', describe: 'The number of lines from the end of the logs to show' })
    .option('timestamps', { type: 'boolean', describe: 'Include timestamps on each line in the log output' })
    .option('grep', { type: 'string', describe: 'Only print lines matching this regular expression' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector of the pods' })
    .option('previous', { alias: 'p', type: 'boolean', describe: 'Logs of the previously terminated container' }),
  handler: async (raw: any) => {
    const args = raw as Args;
    if (args.since && args['since-time']) throw new CliError('usage', 'only one of --since and --since-time may be used');
    const sinceSeconds = args.since === undefined ? undefined : parseDuration(args.since);
    if (args.since !== undefined && sinceSeconds === undefined) throw new CliError('usage', `--since ${args.since}: not a duration (use e.g. 5s, 2m, 3h)`);
    const ctx = makeCtx(args);
    const api = await ctx.api();
    const { workflowLogs } = await import('../workflow/logs.js');
    await workflowLogs(api, ns(args, api), {
      workflow: args.workflow, pod: args.pod, container: args.container, follow: args.follow,
      sinceSeconds: sinceSeconds === undefined ? undefined : Math.ceil(sinceSeconds), sinceTime: args['since-time'],
      tailLines: args.tail !== undefined && args.tail >= 0 ? args.tail : undefined, timestamps: args.timestamps,
      grep: args.grep, selector: args.selector, previous: args.previous,
    }, (line) => ctx.io.out(line));
  },
};
