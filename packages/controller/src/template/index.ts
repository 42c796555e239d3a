/**
 * The controller's template layer: variable substitution over templates and
 * `when` conditions, over the language in @argo-ts/lang (tags, expressions,
 * the variable catalog).
 */
import { evaluateWhen } from '@argo-ts/lang';
import { substituteString, type ScopeSource, type SubstituteOptions } from './substitute.js';

export { substitute, substituteString, formatValue, type SubstituteOptions, type ScopeSource } from './substitute.js';
export { envFromLookup, referencedChains, type ScopeLookup } from './lazy-env.js';
export {
  ABSENT, ARGO_PREFIXES, LATE_BINDING_PREFIXES, expandScope, isArgoTag, isLateBinding, mergeScopes, type Scope,
} from './scope.js';
export { TemplateError, type TemplateErrorCode } from './errors.js';

/** Substitutes `when` in `scope`, then evaluates it with govaluate semantics. */
export function whenHolds(when: string, scope: ScopeSource, opts: SubstituteOptions): boolean {
  return evaluateWhen(substituteString(when, scope, opts));
}
