import { driverFor, locationKind } from '../artifacts/registry.js';
import type { ExecutorContext, ExecutorResult } from '../context.js';
import { transform } from '../data/transform.js';
import { ExecutorError } from '../errors.js';
import { reporterFor } from '../reporter/index.js';
import { templateOf, type Artifact, type Outputs } from '../template.js';
import { driverDeps } from './deps.js';

/**
 * `argoexec data`: lists `source.artifactPaths` (an artifact location),
 * applies the transformations and reports the JSON result as
 * `outputs.result` (also printed to stdout).
 */
export async function runData(ctx: ExecutorContext): Promise<ExecutorResult> {
  const t = await templateOf(ctx);
  const data = t.data;
  if (!data) throw new ExecutorError('BadTemplate', 'env ARGO_TEMPLATE: data: is required for argoexec data');
  const source = data.source.artifactPaths;
  if (!source) throw new ExecutorError('BadTemplate', 'data.source.artifactPaths: is required (the only data source Argo has)');
  let art: Artifact = { ...source, name: source.name ?? 'artifactPaths' };
  // A bucket listed as a whole has no key; the drivers want one.
  if (locationKind(art) === 's3' && art.s3) art = { ...art, s3: { ...art.s3, key: art.s3.key ?? '' } };
  const listed = await driverFor(art, driverDeps(ctx)).list(art);
  const result = transform(listed, data.transformation.map((x) => x.expression));
  const text = JSON.stringify(result);
  ctx.stdout.write(`${text}\n`);
  const outputs: Outputs = { result: text, exitCode: '0' };
  await reporterFor({ kubeConfig: ctx.kubeConfig, env: ctx.env, signal: ctx.signal }).report(outputs);
  return { exitCode: 0 };
}
