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
  () => import('./node.js'),
  () => import('./stop.js'),
  () => import('./terminate.js'),
  () => import('./retry.js'),
  () => import('./resubmit.js'),
  () => import('./template.js'),
  () => import('./cluster-template.js'),
  () => import('./cron.js'),
  () => import('./local.js'),
  () => import('./version.js'),
  () => completion(),
];

type Loader = () => Promise<{ command: CommandModule<any, any> }>;

/** `argo completion` describes every verb, so it is given this list rather than importing it. */
function completion(): Promise<{ command: CommandModule<any, any> }> {
  return import('./completion.js').then((m) => ({ command: m.completionCommand(commandLoaders) }));
}

/**
 * The same modules by verb and alias, so that `argo <verb>` loads only its
 * own module (cold start); help and unknown verbs load the whole list above.
 */
export const commandsByName: Record<string, Loader> = {
  lint: () => import('./lint.js'),
  submit: () => import('./submit.js'),
  get: () => import('./get.js'),
  list: () => import('./list.js'),
  ls: () => import('./list.js'),
  watch: () => import('./watch.js'),
  wait: () => import('./wait.js'),
  logs: () => import('./logs.js'),
  delete: () => import('./delete.js'),
  rm: () => import('./delete.js'),
  suspend: () => import('./suspend.js'),
  resume: () => import('./resume.js'),
  node: () => import('./node.js'),
  stop: () => import('./stop.js'),
  terminate: () => import('./terminate.js'),
  retry: () => import('./retry.js'),
  resubmit: () => import('./resubmit.js'),
  template: () => import('./template.js'),
  tmpl: () => import('./template.js'),
  'cluster-template': () => import('./cluster-template.js'),
  cwftmpl: () => import('./cluster-template.js'),
  cwft: () => import('./cluster-template.js'),
  cron: () => import('./cron.js'),
  cronwf: () => import('./cron.js'),
  cwf: () => import('./cron.js'),
  local: () => import('./local.js'),
  version: () => import('./version.js'),
  completion: () => completion(),
};
