/**
 * Arguments of a step, task or hook: parameters substituted (an argument that
 * is only a reference to an absent output is dropped so the input's default
 * applies), artifacts resolved from `from` / `fromExpression` to the
 * producer's concrete artifact.
 */
import type { ExprRuntime } from '@argo-ts/lang';
import { artifactFromExpression } from './expressions.js';
import type { Arguments, Artifact, Parameter } from './model.js';
import { resolveFrom, type ArtifactLookup } from './outputs.js';
import { ABSENT, substituteDeep, substituteString, type Lookup } from './vars.js';

export interface Scope { vars: Lookup; artifacts: ArtifactLookup }

const SINGLE_TAG = /^\{\{\s*([^{}=][^{}]*?)\s*\}\}$/;

export function substituteArgs(args: Arguments | undefined, scope: Scope, rt: ExprRuntime): Arguments | undefined {
  if (!args) return undefined;
  const out: Arguments = {};
  if (args.parameters) {
    const params: Parameter[] = [];
    for (const p of args.parameters) {
      if (p.value === undefined) { params.push(p); continue; }
      const text = String(p.value);
      const single = SINGLE_TAG.exec(text);
      if (single && scope.vars(single[1]!) === ABSENT) continue;
      params.push({ ...p, value: substituteString(text, scope.vars, { runtime: rt, strict: true }) });
    }
    out.parameters = params;
  }
  if (args.artifacts) {
    // The argument's own fields (locations, subPath, raw data) see the step's scope, loop item included;
    // `from`/`fromExpression` are resolved below and never substituted as text.
    const own = (a: Artifact): Artifact => {
      const { from, fromExpression, ...rest } = a;
      const done = substituteDeep(rest, scope.vars, { runtime: rt, strict: true }) as Artifact;
      return { ...done, ...(from !== undefined ? { from } : {}), ...(fromExpression !== undefined ? { fromExpression } : {}) };
    };
    out.artifacts = args.artifacts.map(own).flatMap((a): Artifact[] => {
      if (a.fromExpression) {
        const found = artifactFromExpression(a.fromExpression, scope.vars, scope.artifacts, rt);
        const { fromExpression: _fe, ...rest } = a;
        return [{ ...found, ...rest, name: a.name }];
      }
      if (!a.from) return [a];
      try {
        const found = resolveFrom(a.from, scope.artifacts);
        // The argument's own fields (subPath, mode, optional, ...) refine the producer's artifact.
        const { from: _from, ...rest } = a;
        return [{ ...found, ...rest, name: a.name }];
      } catch {
        // Not produced (an optional output the step did not write, or a producer that never ran): an optional
        // argument is dropped here; otherwise binding decides, since an optional input declaration also lets
        // the consumer run without it (params.ts), and anything else fails there with Argo's message.
        if (a.optional) return [];
        return [{ name: a.name, from: a.from }];
      }
    });
  }
  return out;
}

