/**
 * Inputs are supplied: every input parameter without a value, default or
 * valueFrom gets one from the caller's arguments (a step's or task's
 * `arguments`; for a Workflow's entrypoint and exit handler, `spec.arguments`),
 * and every input artifact without a location gets one unless it is
 * optional. WorkflowTemplates are exempt at their entrypoint: the workflow
 * that uses them supplies the arguments.
 */
import type { FieldPath } from '../../yaml/path.js';
import type { Host, LintContext } from '../context.js';
import { asArr, asObj, asStr, named, type Obj } from '../model.js';
import { invocationsOf, templatesOf } from '../walk.js';
import type { Check, Report } from './types.js';

export const ARTIFACT_LOCATIONS = [
  's3', 'git', 'http', 'artifactory', 'hdfs', 'raw', 'oss', 'gcs', 'azure', 'plugin', 'url',
] as const;

function hasLocation(art: Obj): boolean {
  return ARTIFACT_LOCATIONS.some((k) => asObj(art[k]) !== undefined || typeof art[k] === 'string');
}

function hasParamValue(p: Obj): boolean {
  return p.value !== undefined && p.value !== null || asObj(p.valueFrom) !== undefined;
}

interface Call {
  template: Obj;
  args: Obj;
  /** Where a missing input is reported. */
  at: FieldPath;
  caller: string;
}

function checkCall(call: Call, report: Report): void {
  const given = new Map(named(call.args.parameters).map((p) => [p.name, p.item]));
  const tname = asStr(call.template.name) ?? '(inline)';
  for (const { name, item } of named(asObj(call.template.inputs)?.parameters)) {
    if (hasParamValue(item) || item.default !== undefined && item.default !== null) continue;
    const arg = given.get(name);
    if (arg && hasParamValue(arg)) continue;
    report(call.at, 'missing-input', `input parameter "${name}" of template "${tname}" is not supplied by ${call.caller}`);
  }
  const givenArts = new Set(named(call.args.artifacts).map((a) => a.name));
  for (const { name, item } of named(asObj(call.template.inputs)?.artifacts)) {
    if (item.optional === true || hasLocation(item) || givenArts.has(name)) continue;
    report(call.at, 'missing-input', `input artifact "${name}" of template "${tname}" is not supplied by ${call.caller}`);
  }
}

/** Arguments passed by a step or task must carry a value (or say where it comes from). */
function checkArgumentValues(args: Obj, path: FieldPath, report: Report): void {
  for (const { name, item, index } of named(args.parameters)) {
    if (!hasParamValue(item)) report([...path, 'parameters', index], 'missing-input', `argument parameter "${name}" has no value`);
  }
  for (const { name, item, index } of named(args.artifacts)) {
    if (!asStr(item.from) && !asStr(item.fromExpression) && !hasLocation(item)) {
      report([...path, 'artifacts', index], 'missing-input', `argument artifact "${name}" needs from, fromExpression or a location`);
    }
  }
}

/** spec.arguments, with the referenced WorkflowTemplate's arguments under the workflow's own. */
function workflowArguments(spec: Obj, host: Host | undefined, usesRef: boolean): Obj {
  const own = asObj(spec.arguments) ?? {};
  if (!usesRef || !host) return own;
  const base = asObj(host.spec.arguments) ?? {};
  const merge = (a: unknown, b: unknown) => {
    const names = new Set(named(a).map((p) => p.name));
    return [...asArr(a), ...named(b).filter((p) => !names.has(p.name)).map((p) => p.item)];
  };
  return { parameters: merge(own.parameters, base.parameters), artifacts: merge(own.artifacts, base.artifacts) };
}

function checkWorkflowLevel(ctx: LintContext, input: Parameters<Check>[0]): void {
  const { subject, report } = input;
  if (subject.isTemplateKind) return;
  const host = ctx.templatesHost(subject);
  if (!host) return;
  const usesRef = asObj(subject.spec.workflowTemplateRef) !== undefined;
  const args = workflowArguments(subject.spec, host, usesRef);
  const entry = asStr(subject.spec.entrypoint) ?? asStr(host.spec.entrypoint);
  const calls: Array<[string | undefined, FieldPath]> = [
    [entry, [...subject.specPath, 'entrypoint']],
    [asStr(subject.spec.onExit) ?? (usesRef ? asStr(host.spec.onExit) : undefined), [...subject.specPath, 'onExit']],
  ];
  for (const [name, at] of calls) {
    const template = name ? host.templates.get(name) : undefined;
    if (template) checkCall({ template, args, at, caller: 'spec.arguments' }, report);
  }
}

export const checkInputs: Check = (input) => {
  const { ctx, subject, report } = input;
  checkWorkflowLevel(ctx, input);
  const own = ctx.hostOfSubject(subject);
  for (const at of templatesOf(subject)) {
    for (const call of invocationsOf(at)) {
      if (call.kind === 'exit') continue;
      const args = asObj(call.holder.arguments) ?? {};
      const argsPath = [...call.path, 'arguments'];
      checkArgumentValues(args, argsPath, report);
      const res = ctx.resolve(call.holder, own);
      if (!res.ok) continue;
      const caller = `${call.kind} "${call.name}"`;
      checkCall({ template: res.resolved.template, args, at: call.path, caller }, report);
    }
  }
};
