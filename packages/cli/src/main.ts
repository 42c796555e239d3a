/**
 * The `argo` entry point: global flags, the command registry, and the one
 * place errors become a single line on stderr and an exit status.
 */
import { loadYargs } from './cli/yargs-factory.js';
import { buildParser, reportError, runFast } from './parser.js';

// process.argv is [node, script, ...args] (yargs' hideBin, minus its Electron case).
// yargs drops a bare `-` (stdin); pass it on as a path that means the same.
const argv = process.argv.slice(2).map((a) => (a === '-' ? '/dev/stdin' : a));
const verbose = argv.includes('--verbose') || argv.includes('-v');
const write = (l: string) => process.stderr.write(`${l}\n`);
// A closed pipe on stdout (`argo list -o name | head -1`) is the reader saying it has
// enough: end quietly, as other CLIs do, instead of an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// A failure in a background stream (logs -f, watch) still ends as one line, not a stack trace.
process.on('unhandledRejection', (err) => process.exit(reportError(err, verbose, write)));
try {
  if (!(await runFast(argv))) {
    const cli = await buildParser(loadYargs().then((yargs) => yargs(argv)), argv);
    await cli.parseAsync();
  }
} catch (err) {
  process.exitCode = reportError(err, verbose, write);
}
