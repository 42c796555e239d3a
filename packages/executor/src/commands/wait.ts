import { Containers, Env, Paths } from '@argo-ts/spec';
import type { ExecutorContext, ExecutorResult } from '../context.js';
import { messageOf } from '../errors.js';
import { logger } from '../log.js';
import { declaredOutputs } from '../outputs-list.js';
import { reporterFor } from '../reporter/index.js';
import { parseTemplate, type Outputs, type Template } from '../template.js';
import { saveArtifacts, saveLogs } from '../wait/artifacts.js';
import { waitForExitCode } from '../wait/exitcode.js';
import { collectParameters } from '../wait/parameters.js';
import { readResult } from '../wait/result.js';
import { driverDeps } from './deps.js';

/** Whether stdout becomes `outputs.result`: the controller says so, or (unset) for script and container templates. */
function wantsResult(t: Template, env: Record<string, string>): boolean {
  const flag = env[Env.includeScriptOutput];
  if (flag !== undefined && flag !== '') return flag === 'true';
  return Boolean(t.script || t.container);
}

/**
 * `argoexec wait`: waits for main's exit code, builds the Outputs and reports
 * them. What was collected is reported even when a later step fails, so the
 * controller always learns the exit code; the failure becomes the result.
 */
export async function runWait(ctx: ExecutorContext): Promise<ExecutorResult> {
  const log = logger(ctx.stderr);
  const template = parseTemplate(ctx.env[Env.template]);
  const ctrDir = `${Paths.ctrDir}/${Containers.main}`;
  const exitCode = await waitForExitCode(ctx.resolvePath(`${ctrDir}/exitcode`), ctx.signal);
  log.info('main container finished', { exitCode });
  const outputs: Outputs = { exitCode: String(exitCode) };
  let failure: string | undefined;
  try {
    if (wantsResult(template, ctx.env)) {
      const result = await readResult(ctx.resolvePath(`${ctrDir}/stdout`));
      if (result !== undefined) outputs.result = result;
    }
    const declared = declaredOutputs(template);
    if (template.outputs?.parameters?.length) {
      outputs.parameters = await collectParameters(template.outputs.parameters, declared, ctx.resolvePath);
    }
    const s = { env: ctx.env, resolvePath: ctx.resolvePath, deps: driverDeps(ctx), log };
    const artifacts = await saveArtifacts(template, declared, s);
    const logs = await saveLogs(template, s);
    if (logs) artifacts.push(logs);
    if (artifacts.length) outputs.artifacts = artifacts;
  } catch (err) {
    failure = messageOf(err);
    log.error('collecting outputs failed', { error: failure });
  }
  await reporterFor({ kubeConfig: ctx.kubeConfig, env: ctx.env, signal: ctx.signal }).report(outputs, failure);
  log.info('outputs reported');
  return failure ? { exitCode: 1, message: failure } : { exitCode: 0 };
}
