/**
 * Argo's ValidateCronWorkflow, as the controller applies it: the first problem
 * the lint finds, worded as Argo's SpecError condition. Template references
 * are left to the workflow controller, which resolves them at run time.
 */
import { lintObjects } from '@argo-ts/spec';
import type { CronWorkflow } from './model.js';

const WORKFLOW_SPEC = 'spec.workflowSpec';

/** Argo's SpecError message for this CronWorkflow, or undefined when it is valid. */
export function specError(cron: CronWorkflow): string | undefined {
  const { problems } = lintObjects([cron as unknown as Record<string, unknown>], { strict: false, kinds: ['CronWorkflow'] });
  const p = problems.find((x) => x.code !== 'unknown-template-ref');
  if (!p) return undefined;
  if (p.path.startsWith(WORKFLOW_SPEC)) {
    const inner = p.path.slice(WORKFLOW_SPEC.length).replace(/^\./, '');
    return `cannot validate Workflow: ${inner ? `${inner}: ` : ''}${p.message}`;
  }
  // Schedule problems already read "cron schedule ... is malformed: ...", as Argo's do.
  return p.path.startsWith('spec.schedules[') ? p.message : `${p.path}: ${p.message}`;
}
