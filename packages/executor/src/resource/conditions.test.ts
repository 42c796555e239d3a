import { jsonPath, matches, parseCondition } from './conditions.js';

describe('resource conditions', () => {
  const job = { metadata: { name: 'pi', labels: { app: 'web' } }, status: { succeeded: 1, failed: 0, phase: 'Running', conditions: [{ type: 'Complete' }] } };
  const check = (c: string) => matches(job, parseCondition(c, 'successCondition'));

  it('evaluates comparisons, sets and existence, all of them', () => {
    expect(check('status.succeeded > 0')).toBe(true);
    expect(check('status.failed > 3')).toBe(false);
    expect(check('status.phase == Running')).toBe(true);
    expect(check('status.phase = Running')).toBe(true);
    expect(check('status.phase != Running')).toBe(false);
    expect(check('status.phase in (Failed, Running)')).toBe(true);
    expect(check('status.phase notin (Failed, Running)')).toBe(false);
    expect(check('metadata.labels.app == web, status.succeeded >= 1')).toBe(true);
    expect(check('metadata.labels.app == web, status.succeeded < 1')).toBe(false);
    expect(check('status.conditions.0.type == Complete')).toBe(true);
    expect(check('status.missing')).toBe(false);
    expect(check('!status.missing')).toBe(true);
    expect(check('status.missing > 0')).toBe(false);
  });

  it('rejects what it cannot parse', () => {
    expect(() => parseCondition('status.phase ~~ x y', 'failureCondition')).toThrow('failureCondition: cannot parse requirement "status.phase ~~ x y"');
  });

  it('reads jsonPath outputs', () => {
    expect(jsonPath(job, '{.metadata.name}')).toBe('pi');
    expect(jsonPath(job, '{.status.succeeded}')).toBe('1');
    expect(jsonPath(job, '{.metadata.labels}')).toBe('{"app":"web"}');
    expect(jsonPath(job, '{.nope}')).toBe('');
  });
});
