/**
 * Test helper: @aws-sdk/client-s3 as the executor resolves it. The local
 * package does not depend on the SDK itself (only the executor does), and
 * the tests must talk to the server with the real client.
 */
import { createRequire } from 'node:module';

export function loadS3Sdk(): any {
  const req = createRequire(import.meta.url);
  const executorEntry = req.resolve('@argo-ts/executor');
  return createRequire(executorEntry)('@aws-sdk/client-s3');
}
