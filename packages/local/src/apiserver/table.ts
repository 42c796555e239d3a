/**
 * `as=Table` output for kubectl: workflows (NAME STATUS AGE MESSAGE), pods
 * (NAME READY STATUS RESTARTS AGE), everything else NAME AGE. Rows carry a
 * PartialObjectMetadata so kubectl can label them.
 */
import type { KubeObject } from '../store/types.js';
import type { ResourceDef, TableKind } from './registry.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  cell(obj: KubeObject, now: Date): unknown;
}

export function age(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name of the object', cell: (o) => o.metadata.name };
const AGE: Column = { name: 'Age', type: 'string', description: 'Time since creation', cell: (o, now) => age(o.metadata.creationTimestamp, now) };

type Statuses = Array<{ ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string }> }>;

function podStatusText(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const status = (o.status ?? {}) as { phase?: string; reason?: string; containerStatuses?: Statuses };
  if (status.reason) return status.reason;
  for (const c of status.containerStatuses ?? []) {
    const waiting = c.state?.waiting?.reason;
    if (waiting) return waiting;
    const term = c.state?.terminated?.reason;
    if (term && status.phase !== 'Running') return term;
  }
  return status.phase ?? 'Pending';
}

const COLUMNS: Record<TableKind, Column[]> = {
  default: [NAME, AGE],
  workflow: [
    NAME,
    { name: 'Status', type: 'string', description: 'Status of the workflow', cell: (o) => (o.status as { phase?: string } | undefined)?.phase ?? '' },
    AGE,
    { name: 'Message', type: 'string', description: 'Human readable message indicating details about why the workflow is in this condition.', cell: (o) => (o.status as { message?: string } | undefined)?.message ?? '' },
  ],
  pod: [
    NAME,
    {
      name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.',
      cell: (o) => {
        const spec = (o.spec ?? {}) as { containers?: unknown[] };
        const statuses = ((o.status ?? {}) as { containerStatuses?: Statuses }).containerStatuses ?? [];
        return `${statuses.filter((c) => c.ready).length}/${spec.containers?.length ?? 0}`;
      },
    },
    { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.', cell: podStatusText },
    {
      name: 'Restarts', type: 'string', description: 'The number of times the containers in this pod have been restarted.',
      cell: (o) => String((((o.status ?? {}) as { containerStatuses?: Statuses }).containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0)),
    },
    AGE,
  ],
};

function row(cols: Column[], obj: KubeObject, now: Date, includeObject: string | null): Record<string, unknown> {
  const object = includeObject === 'Object' ? obj : includeObject === 'None' ? undefined : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return { cells: cols.map((c) => c.cell(obj, now)), ...(object ? { object } : {}) };
}

export function toTable(def: ResourceDef, items: KubeObject[], listMeta: Record<string, unknown>, now: Date, includeObject: string | null): Record<string, unknown> {
  const cols = COLUMNS[def.table];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: cols.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: 0 })),
    rows: items.map((o) => row(cols, o, now, includeObject)),
  };
}
