/**
 * The `argo` entry point: global flags, the command registry, and the one
 * place errors become a single line on stderr and an exit status.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildParser, reportError } from './parser.js';

// yargs drops a bare `-` (stdin); pass it on as a path that means the same.
const argv = hideBin(process.argv).map((a) => (a === '-' ? '/dev/stdin' : a));
try {
  const cli = await buildParser(yargs(argv), argv);
  await cli.parseAsync();
} catch (err) {
  process.exitCode = reportError(err, argv.includes('--verbose') || argv.includes('-v'), (l) => process.stderr.write(`${l}\n`));
}
