/**
 * Every `argo` verb, one module each. A command module exports a yargs
 * CommandModule; heavy dependencies (yaml, @argo-ts/spec, @argo-ts/local,
 * client-node) are imported inside handlers so that cold start stays small.
 */
import type { CommandModule } from 'yargs';

export const commandLoaders: Array<() => Promise<{ command: CommandModule<any, any> }>> = [
  // one line per verb: () => import('./lint.js'),
  () => import('./lint.js'),
  () => import('./submit.js'),
  () => import('./get.js'),
  () => import('./list.js'),
  () => import('./watch.js'),
  () => import('./wait.js'),
  () => import('./logs.js'),
  () => import('./delete.js'),
  () => import('./suspend.js'),
  () => import('./resume.js'),
  () => import('./stop.js'),
  () => import('./terminate.js'),
  () => import('./retry.js'),
  () => import('./resubmit.js'),
  () => import('./template.js'),
  () => import('./cluster-template.js'),
  () => import('./cron.js'),
  () => import('./local.js'),
  () => import('./version.js'),
  () => import('./completion.js'),
];
