/**
 * `argo lint FILE|DIR...`: schema and semantic checks of Argo manifests,
 * one line per problem (`file:line:col: path: message`), a summary line, and
 * exit status 1 when there is any error. Templates referenced across the
 * given files resolve against each other, as with Argo's `--offline`.
 */
import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { CliError } from '../errors.js';

const KIND_NAMES: Record<string, string> = {
  workflows: 'Workflow',
  workflowtemplates: 'WorkflowTemplate',
  cronworkflows: 'CronWorkflow',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function parseKinds(kinds: string[] | undefined): string[] | undefined {
  const list = (kinds ?? []).flatMap((k) => k.split(',')).map((k) => k.trim().toLowerCase()).filter(Boolean);
  if (list.length === 0 || list.includes('all')) return undefined;
  return list.map((k) => {
    const kind = KIND_NAMES[k];
    if (!kind) throw new CliError('usage', `--kinds: unknown kind "${k}": use ${Object.keys(KIND_NAMES).join(', ')} or all`);
    return kind;
  });
}

export const command: CommandModule<any, any> = {
  command: 'lint <file..>',
  describe: 'validate files or directories of manifests',
  builder: (y) => y
    .positional('file', { type: 'string', array: true, describe: 'Files or directories (searched recursively for .yaml, .yml, .json)' })
    .option('output', { alias: 'o', type: 'string', choices: ['pretty', 'simple', 'json'], default: 'pretty', describe: 'Output format' })
    .option('strict', { type: 'boolean', default: true, describe: 'Perform strict workflow validation (unknown fields are errors)' })
    .option('kinds', { type: 'string', array: true, describe: 'Which kinds to lint: workflows, workflowtemplates, cronworkflows, clusterworkflowtemplates (default all)' })
    .option('offline', { type: 'boolean', default: true, describe: 'References resolve from the given files (always the case here)' }),
  handler: async (args: any) => {
    const ctx = makeCtx(args);
    const kinds = parseKinds(args.kinds);
    const { lintPaths, formatProblem } = await import('@argo-ts/spec');
    const result = await lintPaths(args.file as string[], { strict: args.strict !== false, kinds: kinds as never });
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (args.output === 'json') {
      ctx.io.out(JSON.stringify(result.problems, null, 2));
    } else {
      for (const p of result.problems) ctx.io.out(formatProblem(p));
      if (args.output === 'pretty') {
        const files = new Set(errors.map((p) => p.file)).size;
        ctx.io.out(errors.length === 0 ? '✔ no linting errors found!' : `✖ ${plural(errors.length, 'error')} in ${plural(files, 'file')}`);
      }
    }
    // The problems are the message: exit 1 without another line.
    if (errors.length > 0) throw new CliError('lint-failed', '');
  },
};
