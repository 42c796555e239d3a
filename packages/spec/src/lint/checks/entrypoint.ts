/** The entrypoint: required for workflows, and it must name a template (unless the spec comes from workflowTemplateRef). */
import { asArr, asObj, asStr } from '../model.js';
import type { Check } from './types.js';

export const checkEntrypoint: Check = ({ ctx, subject, report }) => {
  const { spec, specPath } = subject;
  const ref = asObj(spec.workflowTemplateRef);
  const host = ctx.templatesHost(subject);
  if (ref) {
    const name = asStr(ref.name);
    const what = ref.clusterScope === true ? 'cluster workflow template' : 'workflow template';
    if (asArr(spec.templates).length > 0) {
      report([...specPath, 'templates'], 'invalid-field', 'templates cannot be set together with workflowTemplateRef');
    }
    if (!name) report([...specPath, 'workflowTemplateRef', 'name'], 'unknown-template-ref', 'required');
    else if (!host) report([...specPath, 'workflowTemplateRef', 'name'], 'unknown-template-ref', `${what} "${name}" not found`);
  }
  const entrypoint = asStr(spec.entrypoint);
  if (!entrypoint) {
    if (ref && host && !asStr(host.spec.entrypoint)) {
      report([...specPath, 'entrypoint'], 'entrypoint', `required: workflow template "${host.name}" sets no entrypoint either`);
    } else if (!ref && !subject.isTemplateKind) {
      report([...specPath, 'entrypoint'], 'entrypoint', 'required: name the template to start with');
    }
    return;
  }
  if (host && !host.templates.has(entrypoint)) {
    report([...specPath, 'entrypoint'], 'entrypoint', `template "${entrypoint}" not found`);
  }
};
