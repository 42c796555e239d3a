/**
 * HTTPS for HTTP templates: a loopback server with a self-signed certificate
 * (made with openssl for this run) is refused unless the template sets
 * insecureSkipVerify, which then applies to that request only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRunner } from './http-runner.js';
import { Resources } from './resources.js';
import { FakeKubeApi } from './testing/fake-api.js';
import type { HTTP, Workflow, WorkflowTaskResult } from '../operator/model.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const describeIf = hasOpenssl() ? describe : describe.skip;
const wf = { metadata: { name: 'w', namespace: 'argo', uid: 'u' }, spec: {} } as Workflow;

describeIf('HttpRunner over TLS', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'http-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = createServer({ key: readFileSync(join(dir, 'k')), cert: readFileSync(join(dir, 'c')) }, (_req, res) => res.end('secure hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(runner: HttpRunner, api: FakeKubeApi, nodeId: string, http: HTTP) {
    runner.start(wf, { type: 'httpRequest', nodeId, nodeName: nodeId, http });
    await runner.idle();
    return api.all<WorkflowTaskResult & { metadata: { name: string } }>(Resources.workflowTaskResults).find((r) => r.metadata.name === nodeId);
  }

  it('refuses an unverifiable certificate, and accepts it with insecureSkipVerify for that request only', async () => {
    const api = new FakeKubeApi();
    const runner = new HttpRunner(api, { log: () => undefined });
    const refused = await run(runner, api, 'a', { url });
    expect(refused).toMatchObject({ phase: 'Failed' });
    expect(refused!.message).toMatch(new RegExp(`^GET ${url}: .*(self-signed|self signed)`));
    expect(await run(runner, api, 'b', { url, insecureSkipVerify: true })).toMatchObject({ phase: 'Succeeded', outputs: { result: 'secure hello' } });
    expect(await run(runner, api, 'c', { url })).toMatchObject({ phase: 'Failed' });
  });
});
