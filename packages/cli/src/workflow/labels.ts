/**
 * Label keys the CLI filters on. Same values as @argo-ts/spec's Labels; kept
 * here so the CLI's cold path does not load spec (zod) just for strings.
 */
export const Labels = {
  workflow: 'workflows.argoproj.io/workflow',
  completed: 'workflows.argoproj.io/completed',
  cronWorkflow: 'workflows.argoproj.io/cron-workflow',
} as const;
