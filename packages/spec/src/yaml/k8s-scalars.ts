/**
 * Kubernetes and the Argo CLI read manifests with a YAML 1.1 resolver
 * (sigs.k8s.io/yaml over go-yaml v2), so `yes`/`on`/`off` are booleans and
 * `0755` is octal (493). The `yaml` package's YAML 1.1 schema goes further
 * than go-yaml (timestamps, base-60 numbers, `.` as NaN), which would change
 * values Argo keeps as strings, so only these two rules are added on top of
 * the YAML 1.2 core schema.
 */
import type { ScalarTag } from 'yaml';

const goYamlBool: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  identify: (value) => typeof value === 'boolean',
  test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (str) => /^(?:y|Y|yes|Yes|YES|on|On|ON)$/.test(str),
};

const goYamlOctal: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: () => false,
  test: /^[-+]?0[0-7]+$/,
  resolve: (str) => {
    const negative = str.startsWith('-');
    const digits = str.replace(/^[-+]/, '');
    const n = parseInt(digits, 8);
    return negative ? -n : n;
  },
};

/** Prepended so they win over the core schema's own tests for the same text. */
export function withGoYamlScalars<T>(tags: T[]): Array<T | ScalarTag> {
  return [goYamlOctal, goYamlBool, ...tags];
}
