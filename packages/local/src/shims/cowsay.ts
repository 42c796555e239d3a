/** `cowsay`: for docker/whalesay-based examples on hosts without cowsay. */
export const COWSAY_SH = `#!/bin/sh
# argo-ts shim for cowsay: a speech bubble and a cow
msg="$*"
if [ -z "$msg" ] && [ ! -t 0 ]; then msg="$(cat)"; fi
len=\${#msg}
line=$(printf '%*s' "$((len + 2))" '' | tr ' ' '-')
under=$(printf '%*s' "$((len + 2))" '' | tr ' ' '_')
echo " $under"
echo "< $msg >"
echo " $line"
cat <<'COW'
        \\   ^__^
         \\  (oo)\\_______
            (__)\\       )\\/\\
                ||----w |
                ||     ||
COW
`;
