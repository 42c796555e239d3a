/** Every template sets exactly one type (container, script, steps, dag ...), inline ones included. */
import type { FieldPath } from '../../yaml/path.js';
import { asObj, templateTypes, TEMPLATE_TYPES, type Obj } from '../model.js';
import { dagTasks, stepGroups, templatesOf } from '../walk.js';
import type { Check, Report } from './types.js';

function checkOne(tmpl: Obj, path: FieldPath, report: Report): void {
  const types = templateTypes(tmpl);
  if (types.length === 0) {
    report(path, 'template-type', `template type unspecified: set one of ${TEMPLATE_TYPES.join(', ')}`);
  } else if (types.length > 1) {
    report([...path, types[1]], 'template-type', `more than one template type: ${types.join(', ')}; set exactly one`);
  }
}

export const checkTemplateTypes: Check = ({ subject, report }) => {
  for (const at of templatesOf(subject)) {
    checkOne(at.template, at.path, report);
    const holders = [...stepGroups(at.template, at.path).flat(), ...dagTasks(at.template, at.path)];
    for (const h of holders) {
      const inline = asObj(h.step.inline);
      if (inline) checkOne(inline, [...h.path, 'inline'], report);
    }
  }
};
