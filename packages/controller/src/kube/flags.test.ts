import { FlagError, parseFlags } from './flags.js';

describe('workflow-controller flags', () => {
  it('has Argo-like defaults', () => {
    expect(parseFlags([])).toEqual({ workers: 4, qps: 20, burst: 30, leaderElect: false, metricsPort: 9090 });
  });

  it('parses every flag', () => {
    expect(parseFlags(['--namespace', 'argo', '--managed-namespace', 'team', '--workers', '8', '--configmap', 'cfg', '--kubeconfig', '/k',
      '--qps', '50', '--burst', '70', '--leader-elect', '--metrics-port', '0', '--executor-image', 'me/exec:2'])).toEqual({
      namespace: 'argo', managedNamespace: 'team', workers: 8, configMapName: 'cfg', kubeConfig: '/k', qps: 50, burst: 70,
      leaderElect: true, metricsPort: 0, configOverrides: { executorImage: 'me/exec:2' },
    });
  });

  it('--namespaced watches only the controller namespace; --workflow-workers is an alias', () => {
    expect(parseFlags(['--namespace', 'x', '--namespaced', '--workflow-workers', '2'])).toMatchObject({ managedNamespace: 'x', workers: 2 });
  });

  it('--help', () => expect(parseFlags(['--help'])).toBe('help'));

  it.each([
    [['--workers', 'many'], /--workers: expected a non-negative integer, got 'many'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--namespace'], /argument missing/],
  ])('%j is a FlagError', (argv, msg) => {
    expect(() => parseFlags(argv)).toThrow(FlagError);
    expect(() => parseFlags(argv)).toThrow(msg);
  });
});
