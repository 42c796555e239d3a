/**
 * Names: templates, steps (across all groups of a steps template), DAG tasks,
 * parameters and artifacts are unique in their scope and spelled as Argo
 * requires (node names are built from them).
 */
import type { FieldPath } from '../../yaml/path.js';
import { asArr, asObj, asStr } from '../model.js';
import { dagTasks, stepGroups, templatesOf } from '../walk.js';
import type { Check, Report } from './types.js';

const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const FIELD_NAME_MAX = 128;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;

interface NameAt {
  name: string | undefined;
  path: FieldPath;
}

function checkUnique(what: string, items: NameAt[], pattern: RegExp, report: Report): void {
  const seen = new Set<string>();
  for (const { name, path } of items) {
    if (name === undefined || name === '') {
      report([...path, 'name'], 'invalid-name', `required: every ${what} needs a name`);
      continue;
    }
    if (!pattern.test(name) || (pattern === FIELD_NAME && name.length > FIELD_NAME_MAX)) {
      const rule = pattern === FIELD_NAME
        ? `letters, digits and '-', starting with a letter or digit, at most ${FIELD_NAME_MAX} characters`
        : `letters, digits, '_' and '-'`;
      report([...path, 'name'], 'invalid-name', `${what} name "${name}" is invalid: use ${rule}`);
    }
    if (seen.has(name)) report([...path, 'name'], 'duplicate-name', `${what} name "${name}" is not unique`);
    seen.add(name);
  }
}

function listNames(list: unknown, path: FieldPath): NameAt[] {
  return asArr(list).map((v, i) => ({ name: asStr(asObj(v)?.name), path: [...path, i] }));
}

function checkIo(owner: unknown, path: FieldPath, what: 'input' | 'output' | 'argument', report: Report): void {
  const io = asObj(owner);
  if (!io) return;
  checkUnique(`${what} parameter`, listNames(io.parameters, [...path, 'parameters']), PARAM_NAME, report);
  checkUnique(`${what} artifact`, listNames(io.artifacts, [...path, 'artifacts']), PARAM_NAME, report);
}

export const checkNames: Check = ({ subject, report }) => {
  const templates = templatesOf(subject);
  checkUnique('template', templates.map((t) => ({ name: t.name, path: t.path })), FIELD_NAME, report);
  checkIo(subject.spec.arguments, [...subject.specPath, 'arguments'], 'argument', report);
  for (const at of templates) {
    checkIo(at.template.inputs, [...at.path, 'inputs'], 'input', report);
    checkIo(at.template.outputs, [...at.path, 'outputs'], 'output', report);
    const steps = stepGroups(at.template, at.path).flat();
    checkUnique('step', steps.map((s) => ({ name: asStr(s.step.name), path: s.path })), FIELD_NAME, report);
    const tasks = dagTasks(at.template, at.path);
    checkUnique('task', tasks.map((t) => ({ name: asStr(t.step.name), path: t.path })), FIELD_NAME, report);
    for (const h of [...steps, ...tasks]) checkIo(h.step.arguments, [...h.path, 'arguments'], 'argument', report);
  }
};
