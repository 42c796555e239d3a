import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { CliError } from '../errors.js';
import { completionScript, type CommandTree } from '../completion-script.js';

type Loader = () => Promise<{ command: CommandModule<any, any> }>;

/**
 * The completion verb over the list of every verb, handed in by the command
 * index (which lists this module too, so importing it here would be a cycle).
 */
export const completionCommand = (commandLoaders: Loader[]): CommandModule<any, any> => ({
  command: 'completion <shell>',
  describe: 'output shell completion code for the specified shell (bash or zsh)',
  builder: (y) => y.positional('shell', { type: 'string', describe: 'bash or zsh' }),
  handler: async (args: any) => {
    const shell = String(args.shell);
    if (shell !== 'bash' && shell !== 'zsh') throw new CliError('usage', `completion: shell must be bash or zsh, got ${shell}`);
    const { describeCommand } = await import('../tools/describe.js');
    const tree: CommandTree = {};
    for (const load of commandLoaders) {
      const d = describeCommand((await load()).command);
      tree[d.name] = d.subcommands.map((s) => s.name);
    }
    makeCtx(args).io.out(completionScript(shell, tree));
  },
});
