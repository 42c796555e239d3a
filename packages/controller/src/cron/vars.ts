/**
 * The `cronworkflow.*` variables of `when` and `stopStrategy.expression`:
 * name, namespace, labels and annotations (also `.json` and per key),
 * failed, succeeded and lastScheduledTime (nil before the first run).
 */
import type { CronWorkflow } from './model.js';

/** Flat scope for `when` (substituted, then evaluated as govaluate). */
export function cronScope(cron: CronWorkflow): Record<string, unknown> {
  const labels = cron.metadata.labels ?? {};
  const annotations = cron.metadata.annotations ?? {};
  const scope: Record<string, unknown> = {
    'cronworkflow.name': cron.metadata.name ?? '',
    'cronworkflow.namespace': cron.metadata.namespace ?? '',
    'cronworkflow.labels': labels,
    'cronworkflow.annotations': annotations,
    'cronworkflow.labels.json': JSON.stringify(labels),
    'cronworkflow.annotations.json': JSON.stringify(annotations),
    'cronworkflow.failed': cron.status?.failed ?? 0,
    'cronworkflow.succeeded': cron.status?.succeeded ?? 0,
    'cronworkflow.lastScheduledTime': cron.status?.lastScheduledTime ? new Date(cron.status.lastScheduledTime) : null,
  };
  for (const [k, v] of Object.entries(labels)) scope[`cronworkflow.labels.${k}`] = v;
  for (const [k, v] of Object.entries(annotations)) scope[`cronworkflow.annotations.${k}`] = v;
  return scope;
}

/** Nested env for `stopStrategy.expression` (expr-lang): `cronworkflow.failed >= 3`. */
export function cronEnv(cron: CronWorkflow): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cronScope(cron))) {
    const rest = k.slice('cronworkflow.'.length);
    if (!rest.includes('.') || rest.endsWith('.json')) vars[rest] = v;
  }
  return { cronworkflow: vars };
}
