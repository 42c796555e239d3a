/** The yargs parser with every command; shared by main.ts and the docs generator. */
import type { Argv } from 'yargs';
import { globalOptions } from './cli/context.js';
import { commandLoaders } from './commands/index.js';
import { CliError, toCliError } from './errors.js';

export async function buildParser(y: Argv): Promise<Argv> {
  const commands = await Promise.all(commandLoaders.map((load) => load()));
  let cli = globalOptions(y)
    .scriptName('argo')
    .usage('argo is the command line interface to Argo Workflows (argo-ts)\n\nUsage: argo <command> [flags]')
    .strict()
    .demandCommand(1, 'a command is required; see argo --help')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw err ?? new CliError('usage', msg);
    }) as Argv<any>;
  for (const { command } of commands) cli = cli.command(command);
  return cli;
}

/** Prints the error as one line (a stack trace only with --verbose); returns the exit status. */
export function reportError(err: unknown, verbose: boolean, write: (line: string) => void): number {
  const e = toCliError(err);
  if (e.message) write(`Error: ${e.message}${e.code === 'usage' ? ' (see argo --help)' : ''}`);
  if (verbose) {
    write(`code=${e.code} transient=${e.transient}`);
    const original = e.code === 'internal' && e.cause instanceof Error ? e.cause : e;
    if (original.stack) write(original.stack);
  }
  return e.exitCode;
}
