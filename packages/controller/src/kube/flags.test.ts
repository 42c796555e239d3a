import { FlagError, parseFlags } from './flags.js';

describe('workflow-controller flags', () => {
  it('has Argo-like defaults', () => {
    expect(parseFlags([])).toEqual({ workers: 4, qps: 20, burst: 30, leaderElect: false, metricsPort: 9090 });
  });

  it('parses every flag', () => {
    expect(parseFlags(['--namespace', 'argo', '--managed-namespace', 'team', '--workers', '8', '--configmap', 'cfg', '--kubeconfig', '/k',
      '--qps', '50', '--burst', '70', '--leader-elect', '--metrics-port', '0', '--executor-image', 'me/exec:2'], {})).toEqual({
      namespace: 'argo', managedNamespace: 'team', workers: 8, configMapName: 'cfg', kubeConfig: '/k', qps: 50, burst: 70,
      leaderElect: true, leaderElection: {}, metricsPort: 0, configOverrides: { executorImage: 'me/exec:2' },
    });
  });

  it('--namespaced watches only the controller namespace; --workflow-workers is an alias', () => {
    expect(parseFlags(['--namespace', 'x', '--namespaced', '--workflow-workers', '2'])).toMatchObject({ managedNamespace: 'x', workers: 2 });
  });

  it('--help', () => expect(parseFlags(['--help'])).toBe('help'));

  it("reads the lease timings from Argo's environment variables (Go durations)", () => {
    const env = { LEADER_ELECTION_LEASE_DURATION: '3s', LEADER_ELECTION_RENEW_DEADLINE: '2s', LEADER_ELECTION_RETRY_PERIOD: '500ms' };
    expect(parseFlags(['--leader-elect'], env)).toMatchObject({ leaderElect: true, leaderElection: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 } });
    // Without leader election they are not read at all.
    expect(parseFlags([], { LEADER_ELECTION_LEASE_DURATION: 'soon' })).not.toHaveProperty('leaderElection');
    expect(() => parseFlags(['--leader-elect'], { LEADER_ELECTION_LEASE_DURATION: '3 s' })).toThrow('LEADER_ELECTION_LEASE_DURATION: time: unknown unit " s" in duration "3 s"');
    expect(() => parseFlags(['--leader-elect'], { LEADER_ELECTION_LEASE_DURATION: '5s' })).toThrow('LEADER_ELECTION_LEASE_DURATION (5000 ms) must be greater than LEADER_ELECTION_RENEW_DEADLINE (10000 ms)');
    expect(() => parseFlags(['--leader-elect'], { LEADER_ELECTION_RETRY_PERIOD: '0s' })).toThrow('LEADER_ELECTION_RETRY_PERIOD: must be greater than 0, got 0s');
  });

  it.each([
    [['--workers', 'many'], /--workers: expected a non-negative integer, got 'many'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--namespace'], /argument missing/],
  ])('%j is a FlagError', (argv, msg) => {
    expect(() => parseFlags(argv)).toThrow(FlagError);
    expect(() => parseFlags(argv)).toThrow(msg);
  });
});
