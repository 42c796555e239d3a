import type { CommandModule } from 'yargs';
import { makeCtx } from '../cli/context.js';
import { buildInfo } from '../version-info.js';

export const command: CommandModule<any, any> = {
  command: 'version',
  describe: 'print version information',
  builder: (y) => y.option('short', { type: 'boolean', describe: 'Print just the version number' }),
  handler: (args: any) => {
    const ctx = makeCtx(args);
    const info = buildInfo();
    if (args.short) {
      ctx.io.out(`argo: v${info.version}`);
      return;
    }
    ctx.io.out([
      `argo: v${info.version}`,
      `  BuildDate: ${info.buildDate}`,
      `  GitCommit: ${info.gitCommit}`,
      `  GitTreeState: ${info.gitTreeState}`,
      `  NodeVersion: ${process.version}`,
      `  Platform: ${process.platform}/${process.arch}`,
      '  Implementation: argo-ts (Argo Workflows v1alpha1 API)',
    ].join('\n'));
  },
};
