import { describe, expect, it } from '@jest/globals';
import { apiHost, isLoopback, parseImageReference } from './reference.js';
import { RegistryError } from './errors.js';

describe('parseImageReference', () => {
  it.each([
    ['alpine', 'docker.io', 'library/alpine', 'latest', 'docker.io/library/alpine:latest'],
    ['alpine:3.20', 'docker.io', 'library/alpine', '3.20', 'docker.io/library/alpine:3.20'],
    ['argoproj/argosay:v2', 'docker.io', 'argoproj/argosay', 'v2', 'docker.io/argoproj/argosay:v2'],
    ['quay.io/argoproj/argoexec:v3.6', 'quay.io', 'argoproj/argoexec', 'v3.6', 'quay.io/argoproj/argoexec:v3.6'],
    ['ghcr.io/jqlang/jq:1.7.1', 'ghcr.io', 'jqlang/jq', '1.7.1', 'ghcr.io/jqlang/jq:1.7.1'],
    ['127.0.0.1:5000/team/tool', '127.0.0.1:5000', 'team/tool', 'latest', '127.0.0.1:5000/team/tool:latest'],
    ['localhost/tool:1', 'localhost', 'tool', '1', 'localhost/tool:1'],
  ])('%s', (image, registry, repository, tag, name) => {
    expect(parseImageReference(image)).toEqual({ registry, repository, tag, name });
  });

  it('keeps a digest and adds no tag', () => {
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`busybox@${d}`)).toEqual({ registry: 'docker.io', repository: 'library/busybox', digest: d, name: `docker.io/library/busybox@${d}` });
  });

  it('refuses what is not an image name, saying which', () => {
    expect(() => parseImageReference('Alpine')).toThrow(RegistryError);
    expect(() => parseImageReference('Alpine')).toThrow(`couldn't parse image reference "Alpine": invalid reference format: repository name must be lowercase`);
    expect(() => parseImageReference('a b')).toThrow('invalid reference format');
  });
});

describe('registry hosts', () => {
  it('answers Docker Hub on registry-1.docker.io', () => {
    expect(apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(apiHost('ghcr.io')).toBe('ghcr.io');
  });
  it('treats only loopback as plain-http by default', () => {
    expect(['localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1:5000', 'registry.local', 'localhost.example.com'].map(isLoopback)).toEqual([false, false, false]);
  });
});
