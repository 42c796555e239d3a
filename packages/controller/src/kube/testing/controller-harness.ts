/**
 * Shared pieces of the tests that run the real controller against the
 * in-memory API: polling for a condition, and playing the kubelet and the
 * executor by finishing pods the way the wait container would report them.
 */
import { Annotations } from '@argo-ts/spec';
import type { KubeObject } from '../api.js';
import { Resources } from '../resources.js';
import type { FakeKubeApi } from './fake-api.js';

/** A log sink for controllers whose log lines the test does not look at. */
export const quiet = (): void => undefined;

/**
 * An `until(f, ms?)` that polls `f` every 10 ms until it returns something
 * truthy; each suite picks its own default bound, since how long its
 * controller needs differs.
 */
export function untilWithin(defaultMs: number) {
  return async function until<T>(f: () => T | undefined | false, ms = defaultMs): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = f();
      if (v) return v;
      if (Date.now() > end) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
}

/** Ends a pod's containers with `code` and reports `outputs` as the executor would. */
export function finishPod(api: FakeKubeApi, pod: KubeObject, outputs: { result?: string | undefined }, code = 0): void {
  const term = (n: string, c: number) => ({ name: n, ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: c, reason: c ? 'Error' : 'Completed' } } });
  void api.patch(Resources.pods, pod.metadata!.namespace, pod.metadata!.name!, {
    metadata: { annotations: { [Annotations.outputs]: JSON.stringify({ result: outputs.result, exitCode: String(code) }) } },
    status: { phase: code ? 'Failed' : 'Succeeded', containerStatuses: [term('wait', 0), term('main', code)] },
  }, 'merge');
}

/**
 * Every 5 ms, hands each pod not yet handled to `handle`; a pod is handled
 * once `handle` returns anything but `false` (false: look at it again later).
 * Returns the stop function.
 */
export function onEachNewPod(api: FakeKubeApi, handle: (pod: KubeObject) => boolean | void): () => void {
  const done = new Set<string>();
  const timer = setInterval(() => {
    for (const pod of api.all(Resources.pods)) {
      const name = pod.metadata!.name!;
      if (done.has(name)) continue;
      if (handle(pod) !== false) done.add(name);
    }
  }, 5);
  return () => clearInterval(timer);
}
