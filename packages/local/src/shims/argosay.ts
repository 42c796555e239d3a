/**
 * `argosay`: stands in for the entrypoint of Argo's test image
 * argoproj/argosay:v2 (its subcommands, re-implemented from their observable
 * behaviour) as a POSIX sh script.
 */
export const ARGOSAY_SH = `#!/bin/sh
# argo-ts shim for argoproj/argosay
set -e
parse_duration() {
  case "$1" in
    *ms) echo "0.$(printf '%03d' "\${1%ms}")" ;;
    *s) echo "\${1%s}" ;;
    *m) echo $(( \${1%m} * 60 )) ;;
    *h) echo $(( \${1%h} * 3600 )) ;;
    *) echo "$1" ;;
  esac
}
if [ $# -eq 0 ]; then
  echo "hello argo"
  exit 0
fi
cmd="$1"; shift
case "$cmd" in
  echo)
    if [ $# -ge 2 ]; then
      mkdir -p "$(dirname "$2")"
      printf '%s' "$1" > "$2"
    elif [ $# -eq 1 ]; then
      printf '%s\\n' "$1"
    else
      echo "hello argo"
    fi ;;
  cat)
    cat "$@" ;;
  sleep)
    sleep "$(parse_duration "\${1:-0}")" ;;
  exit)
    exit "\${1:-0}" ;;
  assert_contains)
    if grep -q -- "$2" "$1"; then exit 0; fi
    echo "expected $1 to contain $2" >&2
    exit 1 ;;
  assert_equals)
    actual="$(cat "$1")"
    if [ "$actual" = "$2" ]; then exit 0; fi
    echo "expected $1 to equal $2, got $actual" >&2
    exit 1 ;;
  *)
    echo "argosay: unknown command $cmd" >&2
    exit 1 ;;
esac
`;
