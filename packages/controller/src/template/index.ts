/**
 * The controller's template layer: variable substitution over templates,
 * `when` conditions and expr-lang expressions, and the builders of the
 * variable catalog (workflow, inputs, items, step/task outputs).
 */
import { evaluateWhen } from '../expr/index.js';
import { substituteString, type ScopeSource, type SubstituteOptions } from './substitute.js';

export { substitute, substituteString, formatValue, type SubstituteOptions, type ScopeSource } from './substitute.js';
export { envFromLookup, referencedChains, type ScopeLookup } from './lazy-env.js';
export {
  ABSENT, ARGO_PREFIXES, LATE_BINDING_PREFIXES, expandScope, isArgoTag, isLateBinding, mergeScopes, type Scope,
} from './scope.js';
export { TemplateError, type TemplateErrorCode } from './errors.js';
export { scanTags, soleSimpleTag, hasTags, type Piece } from './tags.js';
export {
  globalScope, inputsScope, itemScope, nodeScope, loopNodeScope, paramText,
  type GlobalScopeOptions, type WorkflowLike, type TemplateLike, type NodeLike, type OutputsLike,
  type ParameterLike, type ArtifactLike,
} from './builders.js';
export {
  evaluateWhen, evaluateExpression, evalBool, ExprError, type ExprErrorCode,
  Duration, parseGoDuration, formatGoDuration, toJsonText, jsonpath,
} from '../expr/index.js';

/** Substitutes `when` in `scope`, then evaluates it with govaluate semantics. */
export function whenHolds(when: string, scope: ScopeSource, opts: SubstituteOptions = {}): boolean {
  return evaluateWhen(substituteString(when, scope, opts));
}
