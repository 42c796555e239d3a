/** Loops: a step or task sets at most one of withItems, withParam, withSequence; withSequence sets count or end, not both. */
import { asArr, asObj, asStr } from '../model.js';
import { dagTasks, stepGroups, templatesOf } from '../walk.js';
import type { Check } from './types.js';

export const checkLoops: Check = ({ subject, report }) => {
  for (const at of templatesOf(subject)) {
    for (const h of [...stepGroups(at.template, at.path).flat(), ...dagTasks(at.template, at.path)]) {
      const set: string[] = [];
      if (asArr(h.step.withItems).length > 0) set.push('withItems');
      if ((asStr(h.step.withParam) ?? '') !== '') set.push('withParam');
      const seq = asObj(h.step.withSequence);
      if (seq) set.push('withSequence');
      if (set.length > 1) {
        report([...h.path, set[1]], 'invalid-loop', `only one of withItems, withParam and withSequence can be set, got ${set.join(' and ')}`);
      }
      if (seq && seq.count !== undefined && seq.end !== undefined) {
        report([...h.path, 'withSequence'], 'invalid-loop', 'withSequence sets either count or end, not both');
      }
    }
  }
};
