/**
 * Kubernetes and the Argo CLI read manifests with go-yaml v2 rules, where a
 * plain `0755` is octal (493): artifact `mode: 0755` must mean rwxr-xr-x.
 * The `yaml` package's YAML 1.1 schema goes further than Kubernetes does in
 * practice (timestamps, base-60 numbers, `.` as NaN, `n`/`yes` as booleans,
 * which sigs.k8s.io/yaml turns back into strings for string fields), so only
 * the octal rule is added on top of the YAML 1.2 core schema.
 */
import type { ScalarTag } from 'yaml';

const goYamlOctal: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: () => false,
  test: /^[-+]?0[0-7]+$/,
  resolve: (str) => {
    const n = parseInt(str.replace(/^[-+]/, ''), 8);
    return str.startsWith('-') ? -n : n;
  },
};

/** Prepended so it wins over the core schema's decimal rule for the same text. */
export function withGoYamlScalars<T>(tags: T[]): Array<T | ScalarTag> {
  return [goYamlOctal, ...tags];
}
