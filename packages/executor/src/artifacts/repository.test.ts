import { completeFromRepository } from './repository.js';

describe('completeFromRepository', () => {
  const creds = { accessKeySecret: { name: 'c', key: 'a' }, secretKeySecret: { name: 'c', key: 's' } };
  const repo = { s3: { endpoint: 'minio:9000', bucket: 'repo-bucket', key: 'wf/pod', keyFormat: '{{workflow.name}}', insecure: true, ...creds } };

  it('fills a key-only location from the repository of the same kind, dropping keyFormat', () => {
    expect(completeFromRepository({ name: 'f', s3: { key: 'my-file' } }, repo)).toEqual({
      name: 'f', s3: { endpoint: 'minio:9000', bucket: 'repo-bucket', key: 'my-file', insecure: true, ...creds },
    });
  });

  it('lets the artifact\'s own fields win', () => {
    expect(completeFromRepository({ name: 'f', s3: { key: 'k', bucket: 'mine', insecure: false } }, repo).s3).toEqual({
      endpoint: 'minio:9000', bucket: 'mine', key: 'k', insecure: false, ...creds,
    });
  });

  it('leaves complete locations, other kinds and a missing repository alone', () => {
    const complete = { name: 'f', s3: { key: 'k', bucket: 'b', endpoint: 'elsewhere:443' } };
    expect(completeFromRepository(complete, repo)).toBe(complete);
    const http = { name: 'h', http: { url: 'http://x/y' } };
    expect(completeFromRepository(http, repo)).toBe(http);
    const keyOnly = { name: 'f', s3: { key: 'k' } };
    expect(completeFromRepository(keyOnly, undefined)).toBe(keyOnly);
    expect(completeFromRepository(keyOnly, { gcs: { bucket: 'g' } })).toBe(keyOnly);
    expect(completeFromRepository({ name: 'none' }, repo)).toEqual({ name: 'none' });
  });
});
