import { describe, expect, it } from '@jest/globals';
import { credentialsFor, parseChallenge, parseDockerConfig } from './auth.js';

describe('parseDockerConfig', () => {
  it('reads username/password and auth entries, keyed by host', () => {
    const json = JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw:with:colons').toString('base64') },
        '127.0.0.1:5000': { username: 'u', password: 'p' },
      },
    });
    const ring = parseDockerConfig(json, 'secret argo/regcred');
    expect(credentialsFor('docker.io', [ring])).toEqual([{ username: 'hub', password: 'pw:with:colons' }]);
    expect(credentialsFor('127.0.0.1:5000', [ring])).toEqual([{ username: 'u', password: 'p' }]);
    expect(credentialsFor('ghcr.io', [ring])).toEqual([]);
  });

  it('names the secret and the field in errors', () => {
    expect(() => parseDockerConfig('{', 'secret argo/x')).toThrow(/^secret argo\/x: \.dockerconfigjson: expected JSON/);
    expect(() => parseDockerConfig('{"auths": []}', 'secret argo/x')).toThrow(/^secret argo\/x: \.dockerconfigjson: auths: /);
    expect(() => parseDockerConfig(JSON.stringify({ auths: { r: { auth: Buffer.from('nocolon').toString('base64') } } }), 'secret argo/x'))
      .toThrow('secret argo/x: .dockerconfigjson: auths.r.auth: expected base64 of "user:password"');
  });
});

describe('parseChallenge', () => {
  it('parses a bearer challenge', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"')).toEqual({
      scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
    });
  });
  it('parses a basic challenge and nothing', () => {
    expect(parseChallenge('Basic realm="basic-realm"')).toEqual({ scheme: 'basic', params: { realm: 'basic-realm' } });
    expect(parseChallenge(null)).toBeUndefined();
  });
});
