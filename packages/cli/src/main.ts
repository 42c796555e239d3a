import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandLoaders } from './commands/index.js';

const commands = await Promise.all(commandLoaders.map((load) => load()));
let cli = yargs(hideBin(process.argv)).scriptName('argo').strict().demandCommand(1).help();
for (const { command } of commands) cli = cli.command(command);
await cli.parseAsync();
