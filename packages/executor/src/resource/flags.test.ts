import { parseFlags } from './flags.js';

describe('parseFlags', () => {
  it('reads a target as "kind name" or "kind/name", with a namespace in any kubectl spelling', () => {
    expect(parseFlags('patch', ['pod', 'wf-1-main'])).toEqual({ target: { type: 'pod', name: 'wf-1-main' } });
    expect(parseFlags('patch', ['pods/wf-1-main', '-n', 'ns1'])).toEqual({ target: { type: 'pods', name: 'wf-1-main' }, namespace: 'ns1' });
    expect(parseFlags('get', ['--namespace=ns2', 'cm', 'x'])).toEqual({ target: { type: 'cm', name: 'x' }, namespace: 'ns2' });
    expect(parseFlags('get', ['--namespace', 'ns3'])).toEqual({ namespace: 'ns3' });
    expect(parseFlags('delete', ['-n=ns4'])).toEqual({ namespace: 'ns4' });
  });

  it('reads the delete options', () => {
    expect(parseFlags('delete', ['job', 'j', '--ignore-not-found', '--grace-period=0', '--cascade=foreground'])).toEqual({
      target: { type: 'job', name: 'j' }, ignoreNotFound: true, gracePeriodSeconds: 0, propagationPolicy: 'Foreground',
    });
    expect(parseFlags('delete', ['--grace-period', '-1', '--cascade=false', '--ignore-not-found=false'])).toEqual({ ignoreNotFound: false, propagationPolicy: 'Orphan' });
  });

  it('refuses unknown flags, flags of another action, bad values and ambiguous targets, naming the index', () => {
    expect(() => parseFlags('create', ['--validate=false'])).toThrow('resource.flags[0]: kubectl flag "--validate" is not supported for action create (supported: -n/--namespace)');
    expect(() => parseFlags('patch', ['pod', 'x', '--grace-period=3'])).toThrow('resource.flags[2]: kubectl flag "--grace-period" is not supported for action patch');
    expect(() => parseFlags('delete', ['--cascade=sideways'])).toThrow('resource.flags[0]: expected background, foreground or orphan, got "sideways"');
    expect(() => parseFlags('delete', ['--grace-period=soon'])).toThrow('resource.flags[0]: expected whole seconds, got "soon"');
    expect(() => parseFlags('get', ['-n'])).toThrow('resource.flags[0]: "-n" needs a value');
    expect(() => parseFlags('get', ['pod', ''])).toThrow('resource.flags[1]: empty argument');
    expect(() => parseFlags('get', ['pod', 'a', 'b'])).toThrow('resource.flags: one target only');
    expect(() => parseFlags('get', ['pod/a', 'b'])).toThrow('resource.flags: one target only');
    expect(() => parseFlags('get', ['pod'])).toThrow('resource.flags: a target needs a kind and a name ("kind name" or "kind/name"); got "pod"');
    expect(() => parseFlags('get', ['pod/'])).toThrow('a target needs a kind and a name');
  });
});
