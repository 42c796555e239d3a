/**
 * CronWorkflows: every schedule parses as a standard 5-field cron expression
 * (or a descriptor such as `@daily`, `@every 1h`), optionally prefixed with
 * `CRON_TZ=`/`TZ=`; concurrencyPolicy is Allow, Forbid or Replace;
 * startingDeadlineSeconds is not negative.
 */
import { durationNanos } from '@argo-ts/lang';
import { asArr, asObj, asStr } from '../model.js';
import type { Check } from './types.js';

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Names count from this number (months from 1, days from 0). */
  base?: number;
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, base: 1 },
  { name: 'day of week', min: 0, max: 6, names: DAYS, base: 0 },
];

function value(text: string, rule: FieldRule): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const i = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? i + (rule.base ?? 0) : undefined;
}

/** Problem with one comma-separated part of a field, or undefined. */
function checkPart(part: string, rule: FieldRule): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `bad step in "${part}"`;
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `bad range "${range}"`;
  const nums = bounds.map((b) => value(b, rule));
  if (nums.some((n) => n === undefined)) return `"${range}" is not a number${rule.names ? ' or name' : ''}`;
  if (nums.some((n) => n! < rule.min || n! > rule.max)) return `"${range}" is outside ${rule.min}-${rule.max}`;
  if (nums.length === 2 && nums[0]! > nums[1]!) return `range "${range}" runs backwards`;
  return undefined;
}

/** Why a schedule does not parse, or undefined when it does. */
export function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, '');
  if (text.startsWith('@every ')) return durationNanos(text.slice(7).trim()) !== undefined ? undefined : 'bad duration after @every';
  if (text.startsWith('@')) return DESCRIPTORS.has(text) ? undefined : `unknown descriptor "${text}"`;
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',')) {
      const err = checkPart(part, FIELDS[i]);
      if (err) return `${FIELDS[i].name}: ${err}`;
    }
  }
  return undefined;
}

export const checkCron: Check = ({ subject, report }) => {
  if (subject.kind !== 'CronWorkflow') return;
  const spec = asObj(subject.doc.object.spec) ?? {};
  asArr(spec.schedules).forEach((s, i) => {
    const text = asStr(s);
    const err = text === undefined ? undefined : scheduleProblem(text);
    if (err) report(['spec', 'schedules', i], 'invalid-field', `cron schedule "${text}" is malformed: ${err}`);
  });
  const policy = asStr(spec.concurrencyPolicy);
  if (policy && !['Allow', 'Forbid', 'Replace'].includes(policy)) {
    report(['spec', 'concurrencyPolicy'], 'invalid-field', `expected one of Allow, Forbid, Replace, got "${policy}"`);
  }
  if (typeof spec.startingDeadlineSeconds === 'number' && spec.startingDeadlineSeconds < 0) {
    report(['spec', 'startingDeadlineSeconds'], 'invalid-field', 'must not be negative');
  }
};
