/**
 * Fields whose values Argo's validator restricts (the schema types them as
 * plain strings): podGC and volumeClaimGC strategies, retry policy, resource action and manifest,
 * template timeout, `spec.arguments` parameter enums. Values built from `{{...}}` are known only at run time
 * and are left alone.
 */
import { parseAllDocuments } from 'yaml';
import type { FieldPath } from '../../yaml/path.js';
import { asObj, asStr, type Obj } from '../model.js';
import { templatesOf } from '../walk.js';
import type { Check, Report } from './types.js';

interface Rule {
  /** Path from the object the rule applies to (the spec or a template). */
  field: readonly string[];
  /** Problem with the value, or undefined when it is fine. */
  check: (value: string) => string | undefined;
}

function oneOf(...allowed: string[]): (value: string) => string | undefined {
  return (v) => (v === '' || allowed.includes(v) ? undefined : `expected one of ${allowed.join(', ')}, got "${v}"`);
}

function validManifest(manifest: string): string | undefined {
  // Tags become plain words, as Argo's validator substitutes placeholders before parsing.
  const text = manifest.replace(/\{\{[^}]*\}\}/g, 'placeholder');
  const bad = parseAllDocuments(text).flatMap((d) => d.errors)[0];
  if (!bad) return undefined;
  const what = bad.message.split('\n')[0].replace(/ at line (\d+), column (\d+):?$/, ' (manifest line $1, column $2)');
  return `must be valid YAML: ${what}`;
}

const SPEC_RULES: Rule[] = [
  { field: ['podGC', 'strategy'], check: oneOf('OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess') },
  { field: ['volumeClaimGC', 'strategy'], check: oneOf('OnWorkflowCompletion', 'OnWorkflowSuccess') },
];

const TEMPLATE_RULES: Rule[] = [
  { field: ['retryStrategy', 'retryPolicy'], check: oneOf('Always', 'OnError', 'OnFailure', 'OnTransientError') },
  { field: ['resource', 'action'], check: oneOf('get', 'create', 'apply', 'delete', 'replace', 'patch') },
  { field: ['resource', 'manifest'], check: validManifest },
  { field: ['timeout'], check: (v) => (/^\d+$/.test(v) ? `"${v}" has no unit: write a duration such as "${v}s"` : undefined) },
];

function apply(rules: Rule[], owner: Obj, path: FieldPath, report: Report): void {
  for (const rule of rules) {
    let value: unknown = owner;
    for (const key of rule.field) value = asObj(value)?.[key];
    const text = asStr(value);
    if (text === undefined || text.includes('{{')) continue;
    const problem = rule.check(text);
    if (problem) report([...path, ...rule.field], 'invalid-field', problem);
  }
}

/** Argo's validateArgumentsValues: a `spec.arguments` parameter with an enum must take one of its values. */
function checkArgumentEnums(spec: Obj, specPath: FieldPath, report: Report): void {
  const params = asObj(spec.arguments)?.parameters;
  if (!Array.isArray(params)) return;
  params.forEach((raw, i) => {
    const p = asObj(raw);
    const name = asStr(p?.name);
    if (!p || name === undefined || !Array.isArray(p.enum)) return;
    const at: FieldPath = [...specPath, 'arguments', 'parameters', i];
    if (p.enum.length === 0) {
      report([...at, 'enum'], 'invalid-field', `spec.arguments.${name}.enum should contain at least one value`);
      return;
    }
    const value = p.value === undefined || p.value === null ? undefined : String(p.value);
    if (value === undefined || value.includes('{{')) return;
    if (!p.enum.map(String).includes(value)) {
      report([...at, 'value'], 'invalid-field', `spec.arguments.${name}.value should be present in spec.arguments.${name}.enum list`);
    }
  });
}

export const checkValues: Check = ({ subject, report }) => {
  apply(SPEC_RULES, subject.spec, subject.specPath, report);
  checkArgumentEnums(subject.spec, subject.specPath, report);
  const defaults = asObj(subject.spec.templateDefaults);
  if (defaults) apply(TEMPLATE_RULES, defaults, [...subject.specPath, 'templateDefaults'], report);
  for (const at of templatesOf(subject)) apply(TEMPLATE_RULES, at.template, at.path, report);
};
