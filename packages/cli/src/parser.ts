/** The yargs parser with every command; shared by main.ts and the docs generator. */
import type { Argv } from 'yargs';
import { globalOptions } from './cli/context.js';
import { commandLoaders, commandsByName } from './commands/index.js';
import { CliError, toCliError } from './errors.js';
import { declaredOptions, fastParse, simpleCommand } from './cli/fast-parse.js';

/** The verb of an argv: the first word that is not a flag or a flag's value. */
export function verbOf(argv: readonly string[]): string | undefined {
  const valued = new Set(['--kubeconfig', '--context', '--namespace', '-n']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (valued.has(a)) { i++; continue; }
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * Builds the parser; with `argv` whose verb is known, only that command's
 * module is loaded. `y` may still be loading: the command modules load meanwhile.
 */
export async function buildParser(y: Argv | Promise<Argv>, argv?: readonly string[]): Promise<Argv> {
  const verb = argv ? verbOf(argv) : undefined;
  const single = verb !== undefined && Object.hasOwn(commandsByName, verb) ? commandsByName[verb] : undefined;
  const [base, commands] = await Promise.all([y, Promise.all((single ? [single] : commandLoaders).map((load) => load()))]);
  let cli = globalOptions(base)
    .scriptName('argo')
    .usage('argo is the command line interface to Argo Workflows (argo-ts)\n\nUsage: argo <command> [flags]')
    .strict()
    // `--no-color`, `--no-utf8`, `--no-headers` are flags of their own, as in Argo's CLI,
    // not yargs' negation of `color`, `utf8`, `headers` (which it then rejects as unknown).
    .parserConfiguration({ 'boolean-negation': false })
    .demandCommand(1, 'a command is required; see argo --help')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      // yargs reports an unknown verb only as a suggestion; name the verb too.
      if (!single && (msg?.startsWith('Did you mean') || msg?.startsWith('Unknown argument'))) throw new CliError('usage', `unknown command "${verb}". ${msg.startsWith('Did') ? msg : ''}`.trim());
      throw new CliError('usage', msg);
    }) as Argv<any>;
  for (const { command } of commands) cli = cli.command(command);
  return cli;
}

/**
 * Runs `argv` without yargs when it is a simple command line (see
 * fast-parse.ts); false when yargs must parse it.
 */
export async function runFast(argv: readonly string[]): Promise<boolean> {
  const verb = argv[0];
  if (verb === undefined || !Object.hasOwn(commandsByName, verb)) return false;
  const { command } = await commandsByName[verb]!();
  if (!simpleCommand(command)) return false;
  const specs = declaredOptions([globalOptions, ...(command.builder ? [command.builder as (y: Argv) => unknown] : [])]);
  const parsed = specs && fastParse(verb, argv.slice(1), specs);
  if (!parsed) return false;
  await command.handler(parsed as any);
  return true;
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
