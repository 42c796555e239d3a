import { describe, expect, it } from '@jest/globals';
import { ACTIONS, availableActions } from './actions';
import type { Workflow } from './types';

const on = (wf: Workflow) => ACTIONS.filter((a) => availableActions(wf)[a]);
const meta = { name: 'w', namespace: 'ns' };

describe('availableActions', () => {
  it.each([
    ['Failed', ['retry', 'resubmit']],
    ['Error', ['retry', 'resubmit']],
    ['Succeeded', ['resubmit']],
    ['Running', ['resubmit', 'suspend', 'stop', 'terminate']],
    ['Pending', ['resubmit', 'suspend', 'stop', 'terminate']],
  ])('%s workflow: %j', (phase, want) => {
    expect(on({ metadata: meta, spec: {}, status: { phase } } as Workflow)).toEqual(want);
  });

  it('offers resume, not suspend, for a suspended workflow', () => {
    expect(on({ metadata: meta, spec: { suspend: true }, status: { phase: 'Running' } } as Workflow)).toEqual(['resubmit', 'resume', 'stop', 'terminate']);
  });

  it('offers resume while a Suspend node waits', () => {
    const wf = { metadata: meta, spec: {}, status: { phase: 'Running', nodes: { s: { id: 's', name: 'w.s', type: 'Suspend', phase: 'Running' } } } } as Workflow;
    expect(availableActions(wf).resume).toBe(true);
  });
});
