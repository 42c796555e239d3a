import { ARG_MAX, execLimitViolation, MAX_ARG_STRLEN } from './exec-limits.js';

describe('execLimitViolation', () => {
  it('accepts ordinary command lines and environments', () => {
    expect(execLimitViolation(['argoexec', 'wait'], { ARGO_TEMPLATE: 'x'.repeat(100_000), HOME: '/root' })).toBeUndefined();
  });

  it('refuses one environment string longer than MAX_ARG_STRLEN, naming it', () => {
    const value = 'x'.repeat(MAX_ARG_STRLEN);
    expect(execLimitViolation(['argoexec', 'init'], { ARGO_TEMPLATE: value })).toBe(
      `exec: argument list too long: environment variable ARGO_TEMPLATE is ${MAX_ARG_STRLEN + 'ARGO_TEMPLATE='.length + 1} bytes (the kernel allows ${MAX_ARG_STRLEN} per string)`,
    );
  });

  it('counts the terminating NUL: a string of MAX_ARG_STRLEN - 1 bytes is the longest that fits', () => {
    expect(execLimitViolation(['x'.repeat(MAX_ARG_STRLEN - 1)], {})).toBeUndefined();
    expect(execLimitViolation(['x'.repeat(MAX_ARG_STRLEN)], {})).toMatch(/argument 0 is 131073 bytes/);
  });

  it('refuses many strings that together pass ARG_MAX', () => {
    const env = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`V${i}`, 'y'.repeat(120_000)]));
    expect(execLimitViolation(['sh'], env)).toMatch(new RegExp(`of arguments and environment \\(the kernel allows ${ARG_MAX}\\)$`));
  });
});
