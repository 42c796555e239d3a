/** Flags shared by `submit` and `cron create`, and reading them into overrides. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { mergeParameterSources, type SubmitOverrides } from '../workflow/overrides.js';
import { parseParameter } from '../workflow/selectors.js';

export interface OverrideArgs {
  parameter?: string[];
  'parameter-file'?: string;
  entrypoint?: string;
  name?: string;
  'generate-name'?: string;
  labels?: string;
  serviceaccount?: string;
  priority?: number;
}

export function overrideOptions(y: any): any {
  return y
    .option('parameter', { alias: 'p', type: 'string', array: true, describe: 'Pass an input parameter (name=value); repeatable' })
    .option('parameter-file', { alias: 'f', type: 'string', describe: 'Pass a YAML or JSON file of input parameters (name: value)' })
    .option('entrypoint', { type: 'string', describe: 'Override the entrypoint' })
    .option('name', { type: 'string', describe: 'Override metadata.name' })
    .option('generate-name', { type: 'string', describe: 'Override metadata.generateName' })
    .option('labels', { alias: 'l', type: 'string', describe: 'Comma separated labels to apply to the workflow (key=value,...)' })
    .option('serviceaccount', { type: 'string', describe: 'Run all pods of the workflow with this service account' })
    .option('priority', { type: 'number', describe: 'Workflow priority' });
}

export async function readOverrides(args: OverrideArgs): Promise<SubmitOverrides> {
  let fileParams: Record<string, unknown> | undefined;
  const pf = args['parameter-file'];
  if (pf) {
    let text: string;
    try {
      text = await readFile(pf, 'utf8');
    } catch (err) {
      throw new CliError('invalid-input', `--parameter-file ${pf}: cannot read: ${(err as Error).message}`);
    }
    const { parse } = await import('yaml');
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (err) {
      throw new CliError('invalid-input', `--parameter-file ${pf}: not YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
    }
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new CliError('invalid-input', `--parameter-file ${pf}: expected a mapping of parameter name to value`);
    }
    fileParams = (parsed ?? {}) as Record<string, unknown>;
  }
  return {
    parameters: mergeParameterSources(fileParams, (args.parameter ?? []).map(parseParameter)),
    entrypoint: args.entrypoint,
    name: args.name,
    generateName: args['generate-name'],
    labels: args.labels,
    serviceAccount: args.serviceaccount,
    priority: args.priority,
  };
}
