/**
 * Fields that Argo removed, with what to write instead. Validation reports
 * them with this hint rather than as unknown fields, since manifests written
 * for older Argo versions are common.
 */
import type { FieldPath } from '../yaml/path.js';

export interface RemovedField {
  kind: string;
  path: FieldPath;
  /** The field that replaced it (its "required" problem is left out: the hint covers it). */
  replacement: FieldPath;
  message: (value: unknown) => string;
}

export const REMOVED_FIELDS: readonly RemovedField[] = [
  {
    kind: 'CronWorkflow',
    path: ['spec', 'schedule'],
    replacement: ['spec', 'schedules'],
    message: (v) => `"schedule" was replaced by the list "schedules" (Argo v4 no longer reads "schedule"): write schedules: [${JSON.stringify(typeof v === 'string' ? v : String(v))}]`,
  },
];
