/** The live workflow list: a snapshot plus watch events, newest first (pure). */
import type { WatchEvent, Workflow } from './types';

function key(wf: Workflow): string {
  return `${wf.metadata.namespace ?? ''}/${wf.metadata.name ?? ''}`;
}

function created(wf: Workflow): number {
  const t = Date.parse(wf.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Newest first; equal times by name, so the order is stable. */
export function sortWorkflows(list: Workflow[]): Workflow[] {
  return [...list].sort((a, b) => created(b) - created(a) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/** Applies one watch event; an event for an older resourceVersion than held is ignored. */
export function applyEvent(list: Workflow[], ev: WatchEvent<Workflow>): Workflow[] {
  if (!ev.object?.metadata) return list;
  const k = key(ev.object);
  const rest = list.filter((w) => key(w) !== k);
  if (ev.type === 'DELETED') return rest;
  const held = list.find((w) => key(w) === k);
  if (held && isOlder(ev.object, held)) return list;
  return sortWorkflows([...rest, ev.object]);
}

function isOlder(incoming: Workflow, held: Workflow): boolean {
  const a = Number(incoming.metadata.resourceVersion);
  const b = Number(held.metadata.resourceVersion);
  return Number.isFinite(a) && Number.isFinite(b) && a < b;
}
