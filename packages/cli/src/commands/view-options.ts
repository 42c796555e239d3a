/** Options shared by `get`, `watch` and `submit --watch` for the workflow view. */
import type { NodeStatus } from '../types.js';
import { matchesNode, parseFieldSelector } from '../workflow/selectors.js';

export interface ViewArgs {
  status?: string;
  'node-field-selector'?: string;
}

export function nodeFilter(args: ViewArgs): ((n: NodeStatus) => boolean) | undefined {
  const reqs = parseFieldSelector(args['node-field-selector'] ?? '');
  const status = args.status?.toLowerCase();
  if (!status && reqs.length === 0) return undefined;
  return (n) => (!status || (n.phase ?? 'Pending').toLowerCase() === status) && matchesNode(n, reqs);
}
