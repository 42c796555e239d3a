// Shared jest setup: ESM + ts-jest, tests next to the code as src/**/*.test.ts.
import path from 'node:path';
import { createDefaultEsmPreset } from 'ts-jest';

// The one place tests learn where Argo's compatibility corpus is: shared/
// beside the repository root (as CI lays it out). A checkout elsewhere (a git
// worktree) points ARGO_COMPAT_DIR at it instead.
process.env.ARGO_COMPAT_DIR ??= path.resolve(import.meta.dirname, '../shared/argo-compat');

export function preset() {
  return {
    ...createDefaultEsmPreset({ tsconfig: '<rootDir>/tsconfig.test.json' }),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  };
}
