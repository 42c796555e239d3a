/**
 * retryStrategy.affinity.nodeAntiAffinity: a retry must not be scheduled on
 * a host where an earlier attempt failed. Argo expresses that as a required
 * node affinity `kubernetes.io/hostname NotIn [hosts]`; so do we.
 */
import type { V1Affinity, V1NodeSelectorRequirement, V1NodeSelectorTerm } from '@kubernetes/client-node';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

function excludeIn(term: V1NodeSelectorTerm, hosts: string[]): V1NodeSelectorTerm {
  const exprs = term.matchExpressions ?? [];
  const i = exprs.findIndex((e) => e.key === HOSTNAME_LABEL && e.operator === 'NotIn');
  if (i < 0) return { ...term, matchExpressions: [...exprs, { key: HOSTNAME_LABEL, operator: 'NotIn', values: [...hosts] }] };
  const merged: V1NodeSelectorRequirement = { ...exprs[i]!, values: [...new Set([...(exprs[i]!.values ?? []), ...hosts])] };
  return { ...term, matchExpressions: exprs.map((e, j) => (j === i ? merged : e)) };
}

/**
 * The affinity with `hosts` excluded. Terms of a node selector are ORed, so
 * every term gets the exclusion (Argo adds it to the first term only, which
 * lets a second term pick a failed host again). The input is not modified.
 */
export function withoutHosts(affinity: V1Affinity | undefined, hosts: readonly string[]): V1Affinity | undefined {
  const names = [...new Set(hosts.filter((h) => h))];
  if (!names.length) return affinity;
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms?.length ? required.nodeSelectorTerms : [{}];
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: terms.map((t) => excludeIn(t, names)) },
    },
  };
}
