import type { V1Affinity } from '@kubernetes/client-node';
import { HOSTNAME_LABEL, withoutHosts } from './affinity.js';

const notIn = (...values: string[]) => ({ key: HOSTNAME_LABEL, operator: 'NotIn', values });

describe('withoutHosts', () => {
  it('adds a required NotIn on the hostname when there is no affinity', () => {
    expect(withoutHosts(undefined, ['n1', 'n2', 'n1', ''])).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [notIn('n1', 'n2')] }] } },
    });
  });

  it('leaves the affinity alone when no host is known', () => {
    const a: V1Affinity = { podAffinity: {} };
    expect(withoutHosts(a, [])).toBe(a);
    expect(withoutHosts(undefined, [''])).toBeUndefined();
  });

  it('keeps the other constraints, excludes the hosts in every ORed term and merges an existing exclusion', () => {
    const a: V1Affinity = {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] },
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
            { matchExpressions: [notIn('n0', 'n1')] },
          ],
        },
      },
    };
    const before = JSON.stringify(a);
    expect(withoutHosts(a, ['n1', 'n2'])).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] },
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }],
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, notIn('n1', 'n2')] },
            { matchExpressions: [notIn('n0', 'n1', 'n2')] },
          ],
        },
      },
    });
    expect(JSON.stringify(a)).toBe(before);
  });
});
