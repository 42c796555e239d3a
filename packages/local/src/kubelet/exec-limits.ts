/**
 * The kernel's limits on what one exec may carry. A real node starts every
 * container with execve(2), which fails with E2BIG when a single argument or
 * environment string is longer than MAX_ARG_STRLEN or all of them together
 * pass ARG_MAX. Executor containers run in-process here and never exec, so
 * without this check a pod that cannot start anywhere else (e.g. a template
 * too large for the ARGO_TEMPLATE variable) would run fine locally.
 */

/** MAX_ARG_STRLEN: 32 pages of 4 KiB, including the terminating NUL. */
export const MAX_ARG_STRLEN = 32 * 4096;
/** ARG_MAX with the default 8 MiB stack limit (a quarter of it). */
export const ARG_MAX = 2 * 1024 * 1024;

/** Why execve would refuse this command line and environment, or undefined when it would not. */
export function execLimitViolation(argv: readonly string[], env: Readonly<Record<string, string>>): string | undefined {
  let total = 0;
  const strings: Array<[string, string]> = [
    ...argv.map((a, i): [string, string] => [`argument ${i}`, a]),
    ...Object.entries(env).map(([k, v]): [string, string] => [`environment variable ${k}`, `${k}=${v}`]),
  ];
  for (const [what, s] of strings) {
    const bytes = Buffer.byteLength(s) + 1;
    // Each string also costs a pointer on the new process's stack.
    total += bytes + 8;
    if (bytes > MAX_ARG_STRLEN) {
      return `exec: argument list too long: ${what} is ${bytes} bytes (the kernel allows ${MAX_ARG_STRLEN} per string)`;
    }
  }
  if (total > ARG_MAX) return `exec: argument list too long: ${total} bytes of arguments and environment (the kernel allows ${ARG_MAX})`;
  return undefined;
}
