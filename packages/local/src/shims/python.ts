/** `python` → `python3`, for images whose `python` is Python 3 on hosts that only have `python3`. */
export const PYTHON_SH = `#!/bin/sh
exec python3 "$@"
`;
