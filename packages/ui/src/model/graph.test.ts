import { describe, expect, it } from '@jest/globals';
import { buildGraph, collapsedId, summarisePhase } from './graph';
import { loadWorkflow } from './testdata/load';
import type { NodeMap } from './types';

const edgeList = (g: ReturnType<typeof buildGraph>) => g.edges.map((e) => `${e.from}->${e.to}`).sort();

describe('buildGraph on a DAG with a 5-item loop (diamond)', () => {
  const wf = loadWorkflow('diamond');
  const nodes = wf.status!.nodes!;

  it('collapses the loop to first, last and "3 hidden nodes", and links the hidden node on to D', () => {
    const g = buildGraph('diamond', nodes);
    const loop = 'diamond-1507706473';
    expect(g.nodes.map((n) => n.id).sort()).toEqual([
      'diamond', 'diamond-1786869086', 'diamond-1770091467', 'diamond-1753313848', loop,
      'diamond-2604460867', collapsedId(loop), 'diamond-365434451', 'diamond-1870757181',
    ].sort());
    const hidden = g.nodes.find((n) => n.kind === 'collapsed')!;
    expect(hidden).toMatchObject({ label: '3 hidden nodes', hidden: 3, collapsedParent: loop, phase: 'Succeeded' });
    expect(edgeList(g)).toEqual([
      'diamond->diamond-1786869086',
      'diamond-1786869086->diamond-1770091467', 'diamond-1786869086->diamond-1753313848', `diamond-1786869086->${loop}`,
      `${loop}->diamond-2604460867`, `${loop}->${collapsedId(loop)}`, `${loop}->diamond-365434451`,
      'diamond-1770091467->diamond-1870757181', 'diamond-1753313848->diamond-1870757181',
      'diamond-2604460867->diamond-1870757181', 'diamond-365434451->diamond-1870757181',
      `${collapsedId(loop)}->diamond-1870757181`,
    ].sort());
  });

  it('shows every item once the loop is expanded, and draws D once', () => {
    const g = buildGraph('diamond', nodes, new Set(['diamond-1507706473']));
    expect(g.nodes).toHaveLength(11);
    expect(g.nodes.filter((n) => n.kind === 'collapsed')).toHaveLength(0);
    expect(g.edges.filter((e) => e.to === 'diamond-1870757181')).toHaveLength(7);
  });

  it('labels nodes by display name and draws the TaskGroup as a dot', () => {
    const g = buildGraph('diamond', nodes, new Set(['*']));
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('diamond-1786869086')).toMatchObject({ label: 'A', kind: 'node', type: 'Pod', phase: 'Succeeded' });
    expect(byId.get('diamond-1507706473')).toMatchObject({ kind: 'group', type: 'TaskGroup' });
    expect(byId.get('diamond-2604460867')!.label).toBe('loop(0:1)');
  });
});

describe('buildGraph on steps with a retried step and an exit handler (retries)', () => {
  const nodes = loadWorkflow('retries').status!.nodes!;

  it('groups the five attempts under the Retry node, collapsed to first, last and 3 hidden', () => {
    const g = buildGraph('retries', nodes);
    const retry = 'retries-3304236199';
    expect(g.nodes.find((n) => n.id === retry)).toMatchObject({ type: 'Retry', phase: 'Failed', label: 'flaky' });
    expect(g.edges.filter((e) => e.from === retry).map((e) => e.to)).toEqual(['retries-1573394138', collapsedId(retry), 'retries-3049133062']);
    expect(g.nodes.find((n) => n.id === collapsedId(retry))).toMatchObject({ hidden: 3, phase: 'Failed' });
    expect(g.nodes.filter((n) => n.kind === 'group').map((n) => n.id).sort()).toEqual(['retries-1027219028', 'retries-2167846857']);
  });

  it('draws the exit handler even when the failed root has no outbound pods', () => {
    const g = buildGraph('retries', nodes);
    expect(g.nodes.find((n) => n.id === 'retries-2121946396')).toMatchObject({ label: 'retries.onExit', phase: 'Succeeded' });
    expect(g.edges.some((e) => e.to === 'retries-2121946396')).toBe(false);
  });
});

describe('buildGraph on a status still being written', () => {
  it('skips children that are not in the map yet and links the exit handler to the leaf pods', () => {
    const nodes: NodeMap = {
      wf: { id: 'wf', name: 'wf', type: 'DAG', phase: 'Running', children: ['wf-1', 'wf-missing'], outboundNodes: ['wf-1'] },
      'wf-1': { id: 'wf-1', name: 'wf.a', displayName: 'a', type: 'Pod', phase: 'Succeeded' },
      'wf-2': { id: 'wf-2', name: 'wf.onExit', type: 'Suspend', phase: 'Running' },
    };
    const g = buildGraph('wf', nodes);
    expect(g.nodes.map((n) => [n.id, n.phase])).toEqual([['wf', 'Running'], ['wf-1', 'Succeeded'], ['wf-2', 'Suspended']]);
    expect(edgeList(g)).toEqual(['wf->wf-1', 'wf-1->wf-2'].sort());
  });

  it('is empty without nodes', () => {
    expect(buildGraph('wf', undefined)).toEqual({ nodes: [], edges: [] });
  });
});

describe('summarisePhase', () => {
  it.each([
    [['Succeeded', 'Failed', 'Running'], 'Failed'],
    [['Succeeded', 'Running'], 'Running'],
    [['Succeeded', 'Pending'], 'Pending'],
    [['Skipped', 'Omitted'], 'Skipped'],
    [['Succeeded', 'Skipped'], 'Succeeded'],
    [['Error', 'Failed'], 'Error'],
  ])('%j → %s', (phases, want) => {
    expect(summarisePhase(phases)).toBe(want);
  });
});
