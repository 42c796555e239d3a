/** Workflows as argo-ts's local cluster left them (recorded from `argo get -o json`, trimmed to metadata/spec/status). */
import { readFileSync } from 'node:fs';
import type { Workflow } from '../types';

export function loadWorkflow(name: 'diamond' | 'retries'): Workflow {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Workflow;
}
