import { ApiError } from './errors.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.js';

const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' };

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db, web)', true],
    ['app notin (db,web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['example.com/team=a,app=web', true],
    ['app=web,tier=back', false],
    ['missing=', false],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects bad syntax with 400', () => {
    for (const bad of ['app in (a', 'a b c', 'app=va lue', '=x']) {
      expect(() => parseLabelSelector(bad)).toThrow(ApiError);
    }
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'ns' }, status: { phase: 'Running' }, spec: {} };
  const allow = (f: string) => ['metadata.name', 'status.phase', 'spec.nodeName'].includes(f);
  it('matches dotted paths, treating unset fields as empty', () => {
    expect(matchesFields(parseFieldSelector('status.phase=Running,metadata.name==p', allow), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running', allow), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName=', allow), pod)).toBe(true);
  });
  it('rejects unsupported fields and operators', () => {
    expect(() => parseFieldSelector('spec.image=x', allow)).toThrow('field label not supported: spec.image');
    expect(() => parseFieldSelector('status.phase in (a)', allow)).toThrow(ApiError);
  });
});
