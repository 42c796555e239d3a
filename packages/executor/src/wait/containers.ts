import { Containers } from '@argo-ts/spec';
import type { Template } from '../template.js';
import { waitForMainExit, type MainExit } from './exitcode.js';
import type { MainTerminated } from './main-status.js';
import type { Clock } from '../clock.js';

/** The containers wait waits for: every container of a containerSet, else `main`. */
export function userContainerNames(t: Template): string[] {
  const names = (t.containerSet?.containers ?? []).map((c) => c.name);
  return names.length ? names : [Containers.main];
}

/** The template's sidecars: wrapped by the emissary, stopped by wait once main is done. */
export function sidecarNames(t: Template): string[] {
  return (t.sidecars ?? []).map((c) => c.name);
}

/** How all user containers ended, as one exit: the first failure (in spec order), else main's, else the last. */
export interface ContainersExit {
  exit: MainExit;
  /** The container `exit` comes from. */
  container: string;
}

/**
 * Waits for every container's exit code file (each racing its own container
 * status, as for a lone main) and folds them into one exit: a container that
 * did not report wins over one that failed, which wins over success.
 */
export async function waitForContainers(
  names: string[],
  exitFile: (container: string) => string,
  signal: AbortSignal,
  status: (container: string, signal: AbortSignal) => Promise<MainTerminated>,
  clock?: Clock,
): Promise<ContainersExit> {
  const exits = await Promise.all(names.map((n) => waitForMainExit(exitFile(n), signal, (s) => status(n, s), undefined, clock)));
  const at = (i: number): ContainersExit => ({ exit: exits[i]!, container: names[i]! });
  const unreported = exits.findIndex((e) => !e.reported);
  if (unreported >= 0) return at(unreported);
  const failed = exits.findIndex((e) => e.exitCode !== 0);
  if (failed >= 0) return at(failed);
  const main = names.indexOf(Containers.main);
  return at(main >= 0 ? main : names.length - 1);
}
