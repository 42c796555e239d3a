import { Containers, Env, Paths } from '@argo-ts/spec';
import type { ExecutorContext, ExecutorResult } from '../context.js';
import { messageOf } from '../errors.js';
import { logger, type Logger } from '../log.js';
import { declaredOutputs } from '../outputs-list.js';
import { reporterFor } from '../reporter/index.js';
import { templateOf, type Outputs, type Template } from '../template.js';
import { saveArtifacts, saveLogs, type SaveEnv } from '../wait/artifacts.js';
import { sidecarNames, userContainerNames, waitForContainers } from '../wait/containers.js';
import { stopSidecars } from '../wait/sidecars.js';
import { waitForMainTerminated, type PodRef } from '../wait/main-status.js';
import { collectParameters } from '../wait/parameters.js';
import { readResult } from '../wait/result.js';
import { driverDeps } from './deps.js';

/** Whether stdout becomes `outputs.result`: the controller says so, or (unset) for script, container and containerSet templates. */
function wantsResult(t: Template, env: Record<string, string>): boolean {
  const flag = env[Env.includeScriptOutput];
  if (flag !== undefined && flag !== '') return flag === 'true';
  return Boolean(t.script || t.container || t.containerSet);
}

/**
 * `argoexec wait`: waits for main's exit code, builds the Outputs and reports
 * them. What was collected is reported even when a later step fails, so the
 * controller always learns the exit code; the failure becomes the result.
 * A main container that ended without writing its exit code (killed, or
 * failed before the emissary ran) is reported from its status, as a failure.
 * A containerSet pod has several user containers: wait waits for all of
 * them, and the outputs come from the one named `main` (none without it).
 */
export async function runWait(ctx: ExecutorContext): Promise<ExecutorResult> {
  const log = logger(ctx.stderr);
  const template = await templateOf(ctx);
  const names = userContainerNames(template);
  const ctrDir = `${Paths.ctrDir}/${Containers.main}`;
  const { exit, container } = await waitForContainers(
    names, (n) => ctx.resolvePath(`${Paths.ctrDir}/${n}/exitcode`), ctx.signal, (n, signal) => waitForMainTerminated(ownPod(ctx, log), signal, n), ctx.clock,
  );
  log.info('user containers finished', { container, exitCode: exit.exitCode, reported: exit.reported });
  await stopSidecars(sidecarNames(template), ctx.resolvePath, log);
  const outputs: Outputs = { exitCode: String(exit.exitCode) };
  const s = { env: ctx.env, resolvePath: ctx.resolvePath, deps: driverDeps(ctx), log };
  let failure = exit.reported ? undefined : `${container} container exited without reporting its exit code (${exit.reason})`;
  if (exit.reported) {
    try {
      await collectOutputs(template, names.includes(Containers.main) ? ctrDir : undefined, ctx, s, outputs);
    } catch (err) {
      failure = messageOf(err);
      log.error('collecting outputs failed', { error: failure });
    }
  }
  // The log is what explains a failure: archived whatever happened to the outputs.
  try {
    const logs = await saveLogs(template, s);
    if (logs) outputs.artifacts = [...outputs.artifacts ?? [], logs];
  } catch (err) {
    failure ??= messageOf(err);
    log.error('archiving the main log failed', { error: messageOf(err) });
  }
  await reporterFor({ kubeConfig: ctx.kubeConfig, env: ctx.env, signal: ctx.signal }).report(outputs, failure);
  log.info('outputs reported');
  return failure ? { exitCode: 1, message: failure } : { exitCode: 0 };
}

/** result, parameters and artifacts into `outputs`, in that order; throws on the first failure. */
async function collectOutputs(template: Template, ctrDir: string | undefined, ctx: ExecutorContext, s: SaveEnv, outputs: Outputs): Promise<void> {
  if (ctrDir !== undefined && wantsResult(template, ctx.env)) {
    const result = await readResult(ctx.resolvePath(`${ctrDir}/stdout`));
    if (result !== undefined) outputs.result = result;
  }
  const declared = declaredOutputs(template);
  if (template.outputs?.parameters?.length) {
    outputs.parameters = await collectParameters(template.outputs.parameters, declared, ctx.resolvePath);
  }
  const artifacts = await saveArtifacts(template, declared, s);
  if (artifacts.length) outputs.artifacts = artifacts;
}

function ownPod(ctx: ExecutorContext, log: Logger): PodRef {
  return { kubeConfig: ctx.kubeConfig, namespace: ctx.env[Env.namespace] ?? '', name: ctx.env[Env.podName] ?? '', log };
}
