import { endpointUrl, s3Error } from './client.js';

describe('S3 error classification', () => {
  const classify = (err: object, write = false) => {
    const e = s3Error(err, 'op', write);
    return [e.code, e.transient];
  };
  it('retries network failures, 5xx and throttling only', () => {
    expect(classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toEqual(['Network', true]);
    expect(classify(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'))).toEqual(['Network', true]);
    expect(classify({ name: 'InternalError', $metadata: { httpStatusCode: 503 } }, true)).toEqual(['ArtifactWrite', true]);
    expect(classify({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } })).toEqual(['ArtifactRead', true]);
    expect(classify({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })).toEqual(['ArtifactNotFound', false]);
    expect(classify({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } })).toEqual(['ArtifactRead', false]);
    expect(classify(Object.assign(new Error("ENOENT: no such file or directory, lstat '/x'"), { code: 'ENOENT' }), true)).toEqual(['ArtifactWrite', false]);
  });
  it('turns Argo endpoints into URLs', () => {
    expect(endpointUrl({ endpoint: 'minio:9000', insecure: true })).toBe('http://minio:9000');
    expect(endpointUrl({ endpoint: 's3.amazonaws.com' })).toBe('https://s3.amazonaws.com');
    expect(endpointUrl({ endpoint: 'http://x:1' })).toBe('http://x:1');
    expect(endpointUrl({})).toBeUndefined();
  });
});
