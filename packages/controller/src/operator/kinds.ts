/**
 * The handler of every template kind, in one table typed by spec's
 * TemplateKind: a kind added to spec without a handler here does not compile
 * (it used to register itself through a side-effect import, whose omission
 * compiled and failed at run time).
 */
import { containerSetKind } from './container-set.js';
import { dagKind } from './dag.js';
import type { KindTable } from './execute.js';
import { httpKind } from './http.js';
import { pluginKind } from './plugin.js';
import { containerKind, dataKind, resourceKind } from './pod-node.js';
import { retryKind } from './retry.js';
import { stepsKind } from './steps.js';
import { suspendKind } from './suspend.js';

export const KINDS: KindTable = {
  kinds: {
    container: containerKind,
    script: containerKind,
    resource: resourceKind,
    data: dataKind,
    containerSet: containerSetKind,
    steps: stepsKind,
    dag: dagKind,
    suspend: suspendKind,
    http: httpKind,
    plugin: pluginKind,
  },
  retry: retryKind,
};
