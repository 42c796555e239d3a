/**
 * Every `argo` verb, one module each. A command module exports a yargs
 * CommandModule; heavy dependencies are imported inside handlers so that
 * cold start stays small.
 */
import type { CommandModule } from 'yargs';

export const commandLoaders: Array<() => Promise<{ command: CommandModule<any, any> }>> = [
  // one line per verb: () => import('./lint.js'),
];
