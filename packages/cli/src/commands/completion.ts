import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { CliError } from '../errors.js';
import { completionScript, type CommandTree } from '../completion-script.js';

export const command: CommandModule<any, any> = {
  command: 'completion <shell>',
  describe: 'output shell completion code for the specified shell (bash or zsh)',
  builder: (y) => y.positional('shell', { type: 'string', describe: 'bash or zsh' }),
  handler: async (args: any) => {
    const shell = String(args.shell);
    if (shell !== 'bash' && shell !== 'zsh') throw new CliError('usage', `completion: shell must be bash or zsh, got ${shell}`);
    const { commandLoaders } = await import('./index.js');
    const tree: CommandTree = {};
    for (const load of commandLoaders) {
      const { command: c } = await load();
      const name = String(Array.isArray(c.command) ? c.command[0] : c.command).split(' ')[0]!;
      tree[name] = subcommandsOf(c);
    }
    makeCtx(args).io.out(completionScript(shell, tree));
  },
};

/** Subcommand names of a parent command, read by running its builder on a recorder. */
function subcommandsOf(c: CommandModule<any, any>): string[] {
  if (typeof c.builder !== 'function') return [];
  const names: string[] = [];
  const recorder: any = new Proxy({}, {
    get: (_t, prop) => (...a: any[]) => {
      if (prop === 'command' && a[0] && typeof a[0] === 'object') names.push(String(a[0].command).split(' ')[0]!);
      return recorder;
    },
  });
  (c.builder as (y: any) => unknown)(recorder);
  return names;
}
