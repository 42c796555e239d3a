import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { buildParser } from '../parser.js';
import { commandsByName } from '../commands/index.js';
import { globalOptions } from './context.js';
import { declaredOptions, fastParse, simpleCommand } from './fast-parse.js';

/** The argv yargs hands the command's handler for `argv`. */
async function viaYargs(argv: string[]): Promise<Record<string, unknown>> {
  const { command } = await commandsByName[argv[0]!]!();
  const real = command.handler;
  let seen: Record<string, unknown> | undefined;
  command.handler = (a: any) => { seen = a; };
  try {
    await (await buildParser(yargs(argv), argv)).parseAsync();
  } finally {
    command.handler = real;
  }
  return seen!;
}

async function viaFast(argv: string[]): Promise<Record<string, unknown> | undefined> {
  const { command } = await commandsByName[argv[0]!]!();
  if (!simpleCommand(command)) return undefined;
  const specs = declaredOptions([globalOptions, command.builder as any]);
  return specs && fastParse(argv[0]!, argv.slice(1), specs);
}

describe('fastParse', () => {
  const accepted = [
    ['version'],
    ['version', '--short'],
    ['version', '--kubeconfig', '/k', '--context=c'],
    ['list'],
    ['ls', '--kubeconfig', '/tmp/k'],
    ['list', '-A', '-o', 'wide', '-n', 'argo', '--verbose'],
    ['list', '--all-namespaces', '--output=json', '--prefix', 'ab', '--since', '10m', '-l', 'a=b', '--field-selector', 'metadata.name=x'],
    ['list', '--running', '--completed', '--resubmitted', '--older', '1d', '--local', '-v'],
    ['list', '--prefix', '10'],
    ['list', '--no-headers', '--no-color', '--no-utf8'],
    ['version', '--no-utf8'],
  ];
  it.each(accepted)('gives the handler what yargs gives it: %j', async (...argv) => {
    const fast = await viaFast(argv);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await viaYargs(argv));
  });

  // Each of these means something special to yargs (or is an error it reports).
  const refused = [
    ['list', '--help'], ['list', '-h'], ['list', '--no-prefix'], ['list', '--bogus'], ['list', '-Av'],
    ['list', '--status', 'Running'], ['list', '-A', 'true'], ['list', '--prefix'], ['list', '--prefix', '-x'],
    ['list', '--prefix='], ['list', '-o', 'wide', '-o', 'json'], ['list', 'extra'], ['list', '--', 'x'],
    ['get', 'wf'], ['cron', 'list'], ['version', '--short=true'],
  ];
  it.each(refused)('leaves %j to yargs', async (...argv) => {
    expect(await viaFast(argv)).toBeUndefined();
  });

  it('refuses builders that do more than declare string and boolean options', () => {
    expect(declaredOptions([(y) => y.option('a', { type: 'string' }).positional('p', { type: 'string' })])).toBeUndefined();
    expect(declaredOptions([(y) => y.option('a', { type: 'number', default: 1 })])).toBeUndefined();
    expect(declaredOptions([(y) => y.option('a', { type: 'string', choices: ['x'] })])).toEqual([{ name: 'a', aliases: [], type: 'unsupported' }]);
    expect(fastParse('v', ['-a', 'x'], [{ name: 'a', aliases: [], type: 'unsupported' }])).toBeUndefined();
    expect(declaredOptions([(y) => y.option('a', { type: 'string', alias: ['b', 'c'], default: 'd' })])).toEqual([{ name: 'a', aliases: ['b', 'c'], type: 'string', default: 'd' }]);
    expect(simpleCommand({ command: 'get <workflow..>', describe: '', handler: () => {} } as CommandModule)).toBe(false);
  });
});
