/**
 * @argo-ts/lang: the workflow language, written once. Everything here is a
 * pure function of its arguments (no clock, no randomness, no I/O), so the
 * operator that uses it stays pure.
 */
export {
  evaluateExpression, evalBool, evaluateWhen, parseExpression, ExprError, seededRuntime, jsonpath, toJsonText, goString, typeName,
  type ExprErrorCode, type ExprNode, type ExprRuntime,
} from './expr/index.js';
export { regexMatch, regexFind, regexFindAll, regexReplaceAll, regexReplaceAllLiteral, regexSplit } from './regex/go-regexp.js';
export { Duration, durationNanos, durationSeconds, formatGoDuration, goDurationError, parseGoDuration, specDurationSeconds, type DurationOptions } from './time/duration.js';
export { formatGoTime, parseGoTime } from './time/gotime.js';
export { STRFTIME } from './time/strftime.js';
export { scanTags, soleSimpleTag, hasTags, type Piece } from './tags/scan.js';
export {
  parseDepends, evalDepends, dependenciesToDepends, TASK_RESULTS, ITEM_RESULTS,
  type DependsExpr, type DependsParse, type DependsRef, type TaskResultKey, type TaskResults,
} from './dag/depends.js';
export { buildDagGraph, dependsOn, type DagGraph, type DagProblem, type DagTaskLike } from './dag/graph.js';
export {
  WORKFLOW_VARIABLES, WORKFLOW_PREFIXES, LIFECYCLE_VARIABLES, SCHEDULED_TIME_ANNOTATION, workflowLookup, type WorkflowFacts,
} from './vars/catalog.js';
export { fnv32a, nodeId, podName, podNameOfNode, POD_NAME_FORMAT_ANNOTATION } from './names/names.js';
