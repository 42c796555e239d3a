/**
 * Inputs and outputs a template declares can work: artifacts of templates
 * that run a container say where they live in it (`path`), and every output
 * parameter says where its value comes from (`value` or `valueFrom`).
 */
import { asObj, named, templateType } from '../model.js';
import { templatesOf } from '../walk.js';
import type { Check } from './types.js';

/** Template types whose artifacts are files in a container, so need a path. */
const CONTAINER_TYPES = new Set(['container', 'script']);

export const checkIo: Check = ({ subject, report }) => {
  for (const at of templatesOf(subject)) {
    const type = templateType(at.template);
    const inputs = asObj(at.template.inputs);
    const outputs = asObj(at.template.outputs);
    if (type && CONTAINER_TYPES.has(type)) {
      for (const [io, list] of [['inputs', inputs], ['outputs', outputs]] as const) {
        for (const { name, item, index } of named(list?.artifacts)) {
          if (typeof item.path !== 'string' || item.path === '') {
            report([...at.path, io, 'artifacts', index], 'invalid-field', `artifact "${name}" needs a path in ${type} templates`);
          }
        }
      }
    }
    for (const { name, item, index } of named(outputs?.parameters)) {
      if (item.value === undefined && asObj(item.valueFrom) === undefined) {
        report([...at.path, 'outputs', 'parameters', index], 'invalid-field', `output parameter "${name}" needs value or valueFrom`);
      }
    }
  }
};
